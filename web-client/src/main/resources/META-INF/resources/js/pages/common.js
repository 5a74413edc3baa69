// What every page shares: finding elements, the error line, the connection banner.
import { describe } from '../messages.js';

export const $ = (id) => document.getElementById(id);

export function showError(error) {
  $('message').textContent = error ? describe(error) : '';
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
 */
export function callArea({ api, appointment, onLeft }) {
  let call = null;
  let entering = null;
  let generation = 0;
  return {
    get active() {
      return call !== null || entering !== null;
    },
    enter() {
      if (call || entering) return entering || Promise.resolve();
      showError(null);
      const mine = ++generation;
      entering = (async () => {
        try {
          const { joinConference } = await import('../conference.js');
          const opened = await joinConference(appointment.id, { parentNode: $('call'), api });
          if (mine !== generation) {
            opened.dispose();
            return;
          }
          call = opened;
          call.on('ready-to-close', () => {
            call = null;
            onLeft?.();
          });
        } catch (error) {
          if (mine === generation) showError(error);
        } finally {
          if (mine === generation) entering = null;
        }
      })();
      return entering;
    },
    leave() {
      generation += 1;
      entering = null;
      if (!call) return;
      const leaving = call;
      call = null;
      leaving.dispose();
      onLeft?.();
    },
  };
}

/**
 * The events that end whatever a page was doing: the meeting's end, or the appointment's
 * cancellation. finish(text) is told why, in words for the screen.
 */
export function endingHandlers(finish) {
  return {
    MEETING_ENDED: () => finish('The consultation has ended.'),
    APPOINTMENT_UPDATED: (event) => {
      if (event.status === 'CANCELLED') finish('This appointment was cancelled.');
    },
  };
}
