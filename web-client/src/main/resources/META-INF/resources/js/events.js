// One live event stream (an appointment's, or 'me' for all of the user's appointments) over
// EventSource. Browsers cannot send a bearer header on EventSource, so each connection first
// gets a one-use stream ticket with the token. After a drop it reconnects with a new ticket and
// the last event id it saw (backing off up to 30 s), so no event is lost.
import { createApi } from './api.js';

export const EVENT_TYPES = ['LOBBY_REQUESTED', 'LOBBY_APPROVED', 'LOBBY_REJECTED', 'LOBBY_CANCELLED',
  'LOBBY_EXPIRED', 'MEETING_STARTED', 'MEETING_ENDED', 'APPOINTMENT_UPDATED'];
const MAX_BACKOFF_MS = 30000;

/**
 * handlers: one function per event type (called with the event's data and id), and optional
 * onEvent(type, data, id), onOpen(), onReconnecting(). options.lastEventId: replay every event
 * after that id first (0: the whole history the user may see); without it, events from now on.
 */
export function subscribe(target, handlers = {}, { token, baseUrl = '', lastEventId = null, api } = {}) {
  const client = api || createApi({ token, baseUrl });
  const path = target === 'me' ? '/api/me/events' : `/api/appointments/${encodeURIComponent(target)}/events`;
  let source = null;
  let closed = false;
  let attempt = 0;
  let timer = null;
  let lastId = lastEventId;

  async function connect() {
    if (closed) return;
    let ticket;
    try {
      ticket = (await client.post('/api/stream-tickets')).ticket;
    } catch {
      retry();
      return;
    }
    if (closed) return;
    const query = new URLSearchParams({ ticket });
    if (lastId !== null && lastId !== undefined) query.set('lastEventId', String(lastId));
    source = new EventSource(`${baseUrl}${path}?${query}`);
    source.onopen = () => {
      attempt = 0;
      handlers.onOpen?.();
    };
    source.onerror = () => {
      // A used ticket cannot reopen the stream: close it and come back with a new one.
      source.close();
      source = null;
      if (!closed) retry();
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        lastId = message.lastEventId;
        const data = JSON.parse(message.data);
        handlers[type]?.(data, message.lastEventId);
        handlers.onEvent?.(type, data, message.lastEventId);
      });
    }
  }

  function retry() {
    handlers.onReconnecting?.();
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(connect, delay);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
    get lastEventId() {
      return lastId;
    },
  };
}
