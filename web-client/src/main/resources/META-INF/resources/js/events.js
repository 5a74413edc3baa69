// One live event stream (an appointment's, or 'me' for all of the user's appointments) over
// EventSource. Browsers cannot send a bearer header on EventSource, so each connection first
// gets a one-use stream ticket with the token. After a drop it reconnects with a new ticket and
// the last event id it saw (backing off up to 30 s), so no event is lost. A ticket request, or a
// stream that does not open, with no answer within the API's timeout counts as a drop too.
// A page that the browser keeps in its back-forward cache after the person has left it closes its
// stream while away (an appointment's open stream counts as being there) and resumes on return.
import { createApi } from './api.js';
import { timeouts } from './timeouts.js';

export const EVENT_TYPES = ['LOBBY_REQUESTED', 'LOBBY_APPROVED', 'LOBBY_REJECTED', 'LOBBY_CANCELLED',
  'LOBBY_EXPIRED', 'MEETING_STARTED', 'MEETING_ENDED', 'APPOINTMENT_UPDATED',
  'PARTICIPANT_WAITING', 'PARTICIPANT_GONE', 'PARTICIPANT_JOINED', 'PARTICIPANT_LEFT', 'APPOINTMENT_NO_SHOW'];
const MAX_BACKOFF_MS = 30000;

/**
 * handlers: one function per event type (called with the event's data and id), and optional
 * onEvent(type, data, id), onOpen(), onReconnecting(), onError(error). options.lastEventId:
 * replay every event after that id first (0: the whole history the user may see); without it,
 * events from now on. A refusal that retrying cannot cure (401, 403, 404) ends the stream and
 * reaches onError as a TelevisitError; anything else is retried.
 */
export function subscribe(target, handlers = {}, { token, baseUrl = '', lastEventId = null, api } = {}) {
  const client = api || createApi({ token, baseUrl });
  const path = target === 'me' ? '/api/me/events' : `/api/appointments/${encodeURIComponent(target)}/events`;
  let source = null;
  let closed = false;
  let attempt = 0;
  let timer = null;
  let lastId = lastEventId;

  const call = (handler, ...args) => {
    try {
      handler?.(...args);
    } catch (error) {
      console.error('televisit: an event handler failed', error);
    }
  };

  function stop(error) {
    closed = true;
    clearTimeout(timer);
    source?.close();
    call(handlers.onError, error);
  }

  async function connect() {
    if (closed) return;
    let ticket;
    try {
      ticket = (await client.post('/api/stream-tickets')).ticket;
    } catch (error) {
      if ([401, 403, 404].includes(error.status)) stop(error);
      else if (!closed) retry();
      return;
    }
    if (closed) return;
    const query = new URLSearchParams({ ticket });
    if (lastId !== null && lastId !== undefined) query.set('lastEventId', String(lastId));
    let opened = false;
    const stream = new EventSource(`${baseUrl}${path}?${query}`);
    source = stream;
    // EventSource itself waits for ever on a server that accepted the connection and says nothing.
    const opening = setTimeout(() => {
      if (opened || source !== stream) return;
      stream.close();
      source = null;
      if (!closed) retry();
    }, timeouts.apiMs);
    stream.onopen = () => {
      clearTimeout(opening);
      opened = true;
      attempt = 0;
      call(handlers.onOpen);
    };
    stream.onerror = async () => {
      clearTimeout(opening);
      // A used ticket cannot reopen the stream: close it and come back with a new one.
      stream.close();
      if (source !== stream) return;
      source = null;
      if (closed) return;
      if (!opened && await refused()) return;
      retry();
    };
    for (const type of EVENT_TYPES) {
      stream.addEventListener(type, (message) => {
        const data = JSON.parse(message.data);
        call(handlers[type], data, message.lastEventId);
        call(handlers.onEvent, type, data, message.lastEventId);
        lastId = message.lastEventId;
      });
    }
  }

  /**
   * EventSource hides why a stream failed to open: read the appointment once, to tell a refusal
   * (not a party, signed out) from a drop. ('me' has nothing to refuse but the token, which the
   * ticket request has just checked.)
   */
  async function refused() {
    if (target === 'me') return false;
    try {
      await client.get(`/api/appointments/${encodeURIComponent(target)}`);
      return false;
    } catch (error) {
      if ([401, 403, 404].includes(error.status)) {
        stop(error);
        return true;
      }
      return false;
    }
  }

  let away = false;
  const leave = (event) => {
    if (!event.persisted || closed) return;
    away = true;
    clearTimeout(timer);
    source?.close();
    source = null;
  };
  const back = (event) => {
    if (!event.persisted || !away || closed) return;
    away = false;
    connect();
  };
  addEventListener('pagehide', leave);
  addEventListener('pageshow', back);

  function retry() {
    call(handlers.onReconnecting);
    // Random within the backoff, so a restarted server is not met by every client at once.
    const delay = Math.random() * Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(connect, delay);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
      removeEventListener('pagehide', leave);
      removeEventListener('pageshow', back);
    },
    get lastEventId() {
      return lastId;
    },
  };
}
