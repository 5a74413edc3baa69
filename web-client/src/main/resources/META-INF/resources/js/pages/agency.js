// The agency's lobby: "Ask to join", then waiting (elapsed time, cancel); on approval the call
// opens by itself; a rejection shows the doctor's reason and lets the agency ask again.
import { subscribe } from '../events.js';
import { duration } from '../messages.js';
import { $, callArea, connectionHandlers, endingHandlers, showError, status } from './common.js';

export function show({ api, session, appointment }) {
  $('agency').hidden = false;
  const base = `/api/appointments/${appointment.id}`;
  let pending = null;
  let over = false;
  const call = callArea({ api, appointment, onLeft: () => render() });

  function render() {
    $('lobby-waiting').hidden = !pending;
    $('lobby-idle').hidden = Boolean(pending) || call.active || over;
  }

  function waiting(request) {
    pending = request;
    status('');
    render();
  }

  function closed(text, askAgain) {
    pending = null;
    if (askAgain) $('knock').textContent = 'Ask again';
    status(text);
    render();
  }

  const mine = (handler) => (event) => {
    if (event.requesterId === session.user.id) handler(event);
  };

  $('knock').onclick = async () => {
    showError(null);
    try {
      const request = await api.post(`${base}/lobby/requests`);
      waiting({ requestId: request.id, requestedAt: request.requestedAt });
    } catch (error) {
      showError(error);
    }
  };
  $('withdraw').onclick = async () => {
    if (!pending) return;
    try {
      await api.del(`${base}/lobby/requests/${pending.requestId}`);
      closed('You withdrew your request.', false);
    } catch (error) {
      showError(error);
    }
  };

  subscribe(appointment.id, {
    ...connectionHandlers(),
    LOBBY_REQUESTED: mine(waiting),
    LOBBY_APPROVED: mine(async (event) => {
      if (pending && pending.requestId !== event.requestId) return;
      pending = null;
      status('The doctor let you in.');
      render();
      await call.enter();
      render();
    }),
    LOBBY_REJECTED: mine((event) => closed(event.reason ? `The doctor declined: “${event.reason}”` : 'The doctor declined your request.', true)),
    LOBBY_EXPIRED: mine(() => closed('Nobody answered in time. You can ask again.', true)),
    LOBBY_CANCELLED: mine((event) => closed(event.cause === 'REQUESTER' ? 'You withdrew your request.' : 'Your request was closed.', false)),
    MEETING_STARTED: () => {
      if (!call.active && !pending) status('The doctor has started the consultation.');
    },
    ...endingHandlers((text) => {
      over = true;
      pending = null;
      call.leave();
      status(text);
      render();
    }),
  }, { api, lastEventId: 0 });

  setInterval(() => {
    if (pending) $('elapsed').textContent = duration((Date.now() - Date.parse(pending.requestedAt)) / 1000);
  }, 1000);
  render();
}
