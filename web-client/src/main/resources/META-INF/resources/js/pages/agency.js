// The agency's lobby: "Ask to join", then waiting (elapsed time, cancel); on approval the call
// opens by itself; a rejection shows the doctor's reason and lets the agency ask again. On a
// reload the page rebuilds its state from the appointment's events: an approval given while
// the page was closed offers "Join the call" instead of pulling the agency back in. An approval
// before the doctor has started waits in the waiting room: the start, seen live, turns the button
// into "Join now" (focus, sound, a notification when hidden), and the call opens by itself only if
// "Enter as soon as the doctor is ready" is ticked; an approval after the start opens it as before.
import { subscribe } from '../events.js';
import { describe, duration } from '../messages.js';
import { $, callArea, connectionHandlers, endingHandlers, hasCall, liveSince, showError, status } from './common.js';
import { waitingRoom } from './waiting.js';

const NEXT = {
  idle: 'Ask to join first. Once {doctor} has let you in and started the consultation, you can join: your Join button '
    + 'becomes “Join now” and you hear a short sound; with notifications on, your browser also tells you when this tab is in the background.',
  idleStarted: 'The doctor has started. Ask to join; you can enter once the doctor lets you in.',
  admitted: 'You are let in. When {doctor} starts the consultation, your Join button becomes “Join now” and you hear a short sound; '
    + 'with notifications on, your browser also tells you when this tab is in the background. Keep this page open.',
  admittedStarted: 'The doctor has started: join now.',
};

export function show({ api, session, appointment }) {
  $('agency').hidden = false;
  const base = `/api/appointments/${appointment.id}`;
  const live = liveSince(Date.now());
  const settled = new Set();
  let pending = null;
  let admitted = false;
  let over = !hasCall(appointment);
  let knocking = false;
  let started = false;
  const room = waitingRoom(appointment);
  const call = callArea({
    api,
    appointment,
    onChange: () => render(),
    onNotStarted: (error) => {
      started = false;
      status(describe(error));
      render();
    },
  });

  function render() {
    $('lobby-waiting').hidden = !pending;
    $('lobby-idle').hidden = Boolean(pending) || admitted || call.active || over;
    $('lobby-admitted').hidden = !admitted || call.active || over;
    $('knock').disabled = knocking;
    $('enter-call').textContent = started ? 'Join now' : 'Join the call';
    $('enter-call').classList.toggle('now', started);
    room.show(!over && !call.active);
    room.next(NEXT[(admitted ? 'admitted' : 'idle') + (started ? 'Started' : '')]);
  }

  function waiting(request) {
    if (settled.has(request.requestId)) return;
    pending = request;
    status('');
    render();
    $('withdraw').focus();
  }

  function closed(event, text, askAgain) {
    settled.add(event.requestId);
    if (pending && pending.requestId !== event.requestId) return;
    pending = null;
    if (askAgain) $('knock').textContent = 'Ask again';
    status(text);
    render();
    if (!$('lobby-idle').hidden) $('knock').focus();
  }

  const mine = (handler) => (event) => {
    if (event.requesterId === session.user.id) handler(event);
  };

  async function knock() {
    if (knocking) return;
    showError(null);
    knocking = true;
    render();
    try {
      const request = await api.post(`${base}/lobby/requests`);
      // The approval may already have arrived on the stream: then this answer is old news.
      if (request.status === 'PENDING') waiting({ requestId: request.id, requestedAt: request.requestedAt, fromThisPage: true });
    } catch (error) {
      showError(error, knock);
    } finally {
      knocking = false;
      render();
    }
  }
  async function withdraw() {
    if (!pending) return;
    showError(null);
    try {
      await api.del(`${base}/lobby/requests/${pending.requestId}`);
      closed(pending, 'You withdrew your request.', false);
    } catch (error) {
      showError(error, withdraw);
    }
  }
  $('knock').onclick = knock;
  $('withdraw').onclick = withdraw;
  $('enter-call').onclick = () => call.enter();

  subscribe(appointment.id, {
    ...connectionHandlers(),
    LOBBY_REQUESTED: mine(waiting),
    LOBBY_APPROVED: mine((event) => {
      // Approved now (not while the page was closed): the call opens by itself.
      const now = pending?.fromThisPage || live(event.decidedAt);
      settled.add(event.requestId);
      pending = null;
      admitted = true;
      if (over) return;
      status(started ? 'The doctor let you in.' : 'The doctor let you in. You can join once the consultation starts.');
      render();
      if (now && started) call.enter();
      else if (now) $('enter-call').focus();
    }),
    LOBBY_REJECTED: mine((event) => closed(event, event.reason ? `The doctor declined: “${event.reason}”` : 'The doctor declined your request.', true)),
    LOBBY_EXPIRED: mine((event) => closed(event, 'Nobody answered in time. You can ask again.', true)),
    LOBBY_CANCELLED: mine((event) => closed(event, event.cause === 'REQUESTER' ? 'You withdrew your request.' : 'Your request was closed.', false)),
    MEETING_STARTED: (event) => {
      if (over || started) return;
      started = true;
      render();
      if (call.active) return;
      if (!pending) status(admitted ? 'The doctor has started — you can join now.' : 'The doctor has started the consultation.');
      // Replayed from before the page opened, or not let in yet: shown, not rung.
      if (!admitted || !live(event.at)) return;
      room.doctorStarted($('enter-call'));
      if (room.autoEnter) call.enter();
    },
    PARTICIPANT_JOINED: (event) => {
      if (event.role === 'DOCTOR' && event.name) room.doctorName = event.name;
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
  if (over) status('This appointment has no video call.');
  render();
}
