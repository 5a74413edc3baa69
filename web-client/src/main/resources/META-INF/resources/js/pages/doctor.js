// The doctor's console: start and end the meeting, the call embedded, and the requests to join
// as they arrive (announced to screen readers), each with Approve and Reject (optional reason);
// who is waiting and who is in the call (presence.js), and after the end the attendance.
import { attention } from '../alerts.js';
import { subscribe } from '../events.js';
import { duration, time } from '../messages.js';
import { $, callArea, connectionHandlers, element, endingHandlers, hasCall, liveSince, showError, status } from './common.js';
import { presence } from './presence.js';

export function show({ api, session, appointment }) {
  $('doctor').hidden = false;
  $('requests-panel').hidden = false;
  const base = `/api/appointments/${appointment.id}`;
  const requests = new Map();
  const live = liveSince(Date.now());
  let meeting = hasCall(appointment) ? 'NOT_STARTED' : 'NO_CALL';
  const call = callArea({ api, appointment, onChange: renderMeeting });

  function renderMeeting() {
    $('start').disabled = meeting !== 'NOT_STARTED';
    $('end').disabled = meeting !== 'STARTED';
    $('join-call').hidden = meeting !== 'STARTED' || call.active;
    status({ NOT_STARTED: 'The meeting has not started.', STARTED: 'The meeting is on.', ENDED: 'The consultation has ended.',
      NO_CALL: 'This appointment has no video call.' }[meeting]);
  }

  /** Items are added and removed one by one, so a reason being typed survives a new arrival. */
  function renderRequests() {
    $('no-requests').hidden = requests.size > 0;
    $('request-count').textContent = requests.size ? `(${requests.size})` : '';
  }

  function addRequest(request) {
    if (requests.has(request.requestId)) return;
    const item = requestItem(request);
    requests.set(request.requestId, { request, item });
    $('requests').append(item);
    renderRequests();
  }

  function requestItem(request) {
    const reason = element('input', { type: 'text', name: 'reason', maxLength: 500, id: `reason-${request.requestId}`, placeholder: 'Reason, if you decline (optional)' });
    const approve = element('button', { type: 'button', textContent: 'Approve' });
    const reject = element('button', { type: 'submit', className: 'secondary', textContent: 'Reject' });
    approve.setAttribute('aria-label', `Approve ${request.requesterName}`);
    reject.setAttribute('aria-label', `Reject ${request.requesterName}`);
    approve.onclick = () => decide(request, 'approve');
    const form = element('form', {},
      element('label', { htmlFor: reason.id, className: 'visually-hidden', textContent: `Reason for declining ${request.requesterName}` }),
      reason, approve, reject);
    form.onsubmit = (submit) => {
      submit.preventDefault();
      decide(request, 'reject', reason.value.trim());
    };
    return element('li', { className: 'request' },
      element('span', { className: 'grow' }, element('strong', { textContent: request.requesterName }), ' asks to join · since ',
        element('time', { dateTime: request.requestedAt, textContent: time(request.requestedAt) }),
        ' (', element('span', { className: 'waited', textContent: duration((Date.now() - Date.parse(request.requestedAt)) / 1000) }), ')'),
      form);
  }

  async function decide(request, decision, reason) {
    const item = requests.get(request.requestId)?.item;
    if (!item || item.dataset.deciding) return;
    item.dataset.deciding = 'yes';
    item.querySelectorAll('button, input').forEach((control) => { control.disabled = true; });
    showError(null);
    try {
      await api.post(`${base}/lobby/requests/${request.requestId}/${decision}`, decision === 'reject' ? { reason: reason || null } : undefined);
      closeRequest(request);
    } catch (error) {
      showError(error, () => decide(request, decision, reason));
      if (error.status === 409) {
        closeRequest(request);
      } else {
        delete item.dataset.deciding;
        item.querySelectorAll('button, input').forEach((control) => { control.disabled = false; });
      }
    }
  }

  function closeRequest(event) {
    const closing = requests.get(event.requestId)?.item;
    if (!closing) return;
    const hadFocus = closing.contains(document.activeElement);
    const next = closing.nextElementSibling || closing.previousElementSibling;
    closing.remove();
    requests.delete(event.requestId);
    renderRequests();
    // Keyboard users stay in the queue: on to the next request, or back to the panel's heading.
    if (hadFocus) (next?.querySelector('button') || $('requests-title')).focus();
  }

  function announce(text) {
    // Cleared first, so the same words twice (a second knock) are read twice.
    $('announce').textContent = '';
    requestAnimationFrame(() => { $('announce').textContent = text; });
  }

  async function start() {
    showError(null);
    try {
      await api.post(`${base}/meeting/start`);
      meeting = 'STARTED';
      renderMeeting();
      await call.enter();
    } catch (error) {
      showError(error, start);
    }
  }
  async function end() {
    showError(null);
    try {
      await api.post(`${base}/meeting/end`);
      meeting = 'ENDED';
      call.leave();
      renderMeeting();
    } catch (error) {
      showError(error, end);
    }
  }
  const ending = endingHandlers((text) => {
    meeting = 'ENDED';
    call.leave();
    renderMeeting();
    status(text);
  });
  // A finished video appointment still shows who came and for how long (its attendance).
  const finished = appointment.type === 'VIDEO' && appointment.status === 'COMPLETED';
  const here = hasCall(appointment) || finished ? presence({ api, appointment, live, announce, me: session.user.id }) : null;
  if (finished) here.ended();

  $('start').onclick = start;
  $('join-call').onclick = () => call.enter();
  $('end').onclick = end;

  subscribe(appointment.id, {
    ...connectionHandlers(),
    LOBBY_REQUESTED: (event) => {
      addRequest(event);
      // New requests are announced; those already waiting when the page opened are only listed.
      if (!live(event.requestedAt)) return;
      announce(`${event.requesterName} asks to join.`);
      // A notification may show on a locked screen: it says what happened, not who (a knocking role may be a patient).
      attention({ title: 'Someone asks to join', body: 'Approve or reject the request on the consultation page.',
        tag: `televisit-request-${event.requestId}` });
    },
    LOBBY_APPROVED: closeRequest,
    LOBBY_REJECTED: closeRequest,
    LOBBY_CANCELLED: closeRequest,
    LOBBY_EXPIRED: closeRequest,
    MEETING_STARTED: () => {
      if (meeting === 'NOT_STARTED') meeting = 'STARTED';
      renderMeeting();
    },
    ...here?.handlers,
    ...ending,
    MEETING_ENDED: (event) => {
      ending.MEETING_ENDED(event);
      here?.ended();
    },
  }, { api, lastEventId: 0 });

  renderMeeting();
  renderRequests();
  setInterval(() => requests.forEach(({ request, item }) => {
    item.querySelector('.waited').textContent = duration((Date.now() - Date.parse(request.requestedAt)) / 1000);
  }), 1000);
}
