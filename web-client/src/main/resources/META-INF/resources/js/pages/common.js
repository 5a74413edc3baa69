// What every page shares: finding elements, the error line (with its Try again), the connection banner.
import { joinConference } from '../conference.js';
import { describe } from '../messages.js';

export const $ = (id) => document.getElementById(id);

/**
 * Shows the error in words, or clears it (null). With retry, an error that trying again may cure
 * (no answer in time, no connection, a server fault) also offers "Try again", which runs retry; it
 * takes the focus when the control that was used is gone or disabled, so a keyboard is never lost.
 */
export function showError(error, retry) {
  $('message').textContent = error ? describe(error) : '';
  const again = $('retry');
  const offered = Boolean(error?.retryable && retry);
  again.hidden = !offered;
  again.onclick = offered ? () => {
    showError(null);
    retry();
  } : null;
  if (offered && focusLost()) again.focus();
}

function focusLost() {
  const focused = document.activeElement;
  return !focused || focused === document.body || focused.disabled || !focused.getClientRects().length;
}

export function status(text) {
  $('status').textContent = text;
}

/**
 * Stream handlers that show "reconnecting…" while a stream is down and clear it once back; a
 * refusal that ends the stream (signed out, not a party) is shown as the error it is.
 */
export function connectionHandlers() {
  return {
    onOpen: () => { $('connection').textContent = ''; },
    onReconnecting: () => { $('connection').textContent = 'Connection lost — reconnecting…'; },
    onError: (error) => {
      $('connection').textContent = '';
      showError(error);
    },
  };
}

/** Server and browser clocks may differ a little: an event this much older than the page still counts as live. */
const LIVE_SLACK_MS = 10000;

/**
 * A page replays its appointment's history when it opens: this tells what happens now (worth an
 * announcement or an action) from what happened before the page was open.
 */
export function liveSince(loadedAt) {
  return (instant) => Date.parse(instant) >= loadedAt - LIVE_SLACK_MS;
}

/** Whether the appointment has a call at all: an approved VIDEO appointment. */
export function hasCall(appointment) {
  return appointment.type === 'VIDEO' && appointment.status === 'APPROVED';
}

export function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/**
 * The call area of a page: one call at a time (a second click while entering does nothing), and
 * a call that arrives after the page has left (the meeting ended meanwhile) is closed at once.
 * Entering ends one way or the other within the timeouts (timeouts.js): a failure is shown with
 * "Try again", and the page may offer to enter again. onChange is called whenever active changes.
 * A refusal because the doctor has not started yet (MEETING_NOT_STARTED) is not an error: it goes to
 * onNotStarted(error), and the page waits for the start.
 */
export function callArea({ api, appointment, onChange, onNotStarted }) {
  let call = null;
  let entering = null;
  let generation = 0;
  const area = {
    get active() {
      return call !== null || entering !== null;
    },
    enter() {
      if (call || entering) return entering || Promise.resolve();
      showError(null);
      const mine = ++generation;
      entering = (async () => {
        try {
          const opened = await joinConference(appointment.id, { parentNode: $('call'), api });
          if (mine !== generation) {
            opened.dispose();
            return;
          }
          call = opened;
          call.on('ready-to-close', () => {
            call = null;
            onChange?.();
          });
        } catch (error) {
          if (mine !== generation) return;
          if (error.reason === 'MEETING_NOT_STARTED' && onNotStarted) onNotStarted(error);
          else showError(error, () => area.enter());
        } finally {
          if (mine === generation) {
            entering = null;
            onChange?.();
          }
        }
      })();
      onChange?.();
      return entering;
    },
    leave() {
      generation += 1;
      entering = null;
      if (!call) return;
      const leaving = call;
      call = null;
      leaving.dispose();
      onChange?.();
    },
  };
  return area;
}

/**
 * The events that end whatever a page was doing: the meeting's end, or the appointment's
 * cancellation. An error still on screen (Jitsi that did not answer) is about what can no longer
 * happen, so it goes; finish(text) is told why, in words for the screen.
 */
export function endingHandlers(finish) {
  const end = (text) => {
    showError(null);
    finish(text);
  };
  return {
    MEETING_ENDED: () => end('The consultation has ended.'),
    APPOINTMENT_UPDATED: (event) => {
      if (event.status === 'CANCELLED') end('This appointment was cancelled.');
    },
  };
}
