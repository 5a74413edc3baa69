// What every page shares: finding elements, the error line, the connection banner.
import { describe } from '../messages.js';

export const $ = (id) => document.getElementById(id);

export function showError(error) {
  $('message').textContent = error ? describe(error) : '';
}

export function status(text) {
  $('status').textContent = text;
}

/** Stream handlers that show "reconnecting…" while a stream is down and clear it once back. */
export function connectionHandlers() {
  return {
    onOpen: () => { $('connection').textContent = ''; },
    onReconnecting: () => { $('connection').textContent = 'Connection lost — reconnecting…'; },
  };
}

export function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

/** The call area of a page: enter once, leave on hang-up or when the meeting ends. */
export function callArea({ api, appointment, onLeft }) {
  let call = null;
  return {
    get active() {
      return call !== null;
    },
    async enter() {
      if (call) return;
      showError(null);
      try {
        const { joinConference } = await import('../conference.js');
        call = await joinConference(appointment.id, { parentNode: $('call'), api });
        call.on('ready-to-close', () => {
          call = null;
          onLeft?.();
        });
      } catch (error) {
        call = null;
        showError(error);
      }
    },
    leave() {
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
