// The patient's page: Join, enabled while the join window is open (a countdown before it), and a
// waiting room until the doctor starts. The start, seen live, turns Join into "Join now" with the
// focus, a sound and a notification when the tab is hidden; with "Enter as soon as the doctor is
// ready" ticked the call opens by itself. A join tried before the start (MEETING_NOT_STARTED) just
// waits here. "Your doctor is in the call" shows while the doctor is in it.
import { subscribe } from '../events.js';
import { describe, duration, time } from '../messages.js';
import { $, callArea, connectionHandlers, endingHandlers, hasCall, liveSince, status } from './common.js';
import { waitingRoom } from './waiting.js';

const BEFORE_START = 'When {doctor} starts the consultation, your Join button becomes “Join now” and you hear a short sound; '
  + 'with notifications on, your browser also tells you when this tab is in the background. Keep this page open.';
const AFTER_START = 'The doctor has started: join now.';

export function show({ api, appointment }) {
  $('patient').hidden = false;
  const opens = Date.parse(appointment.joinOpensAt);
  const closes = Date.parse(appointment.joinClosesAt);
  const live = liveSince(Date.now());
  const room = waitingRoom(appointment);
  let over = !hasCall(appointment);
  let started = false;
  let doctorInCall = false;
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
    const now = Date.now();
    const open = !over && now >= opens && now < closes;
    $('join').disabled = !open || call.active;
    $('join').textContent = started ? 'Join now' : 'Join';
    $('join').classList.toggle('now', started);
    if (over || call.active) $('countdown').textContent = '';
    else if (now < opens) $('countdown').textContent = `You can join at ${time(opens)}, in ${duration((opens - now) / 1000)}.`;
    else if (now >= closes) $('countdown').textContent = 'The time to join has passed.';
    else $('countdown').textContent = '';
    room.show(!over && !call.active);
    room.next(started ? AFTER_START : BEFORE_START);
    $('doctor-presence').textContent = doctorInCall && !over ? 'Your doctor is in the call.' : '';
  }

  $('join').onclick = () => call.enter();

  function doctorStarted(event) {
    if (over || started) return;
    started = true;
    status('The doctor has started — you can join now.');
    render();
    // Replayed from before the page opened: shown, not rung.
    if (!live(event.at) || call.active) return;
    room.doctorStarted($('join'));
    if (room.autoEnter && !$('join').disabled) call.enter();
  }

  const doctorEvent = (inCall) => (event) => {
    if (event.role !== 'DOCTOR') return;
    doctorInCall = inCall;
    if (event.name) room.doctorName = event.name;
    render();
  };

  status(over ? 'This appointment has no video call now.' : 'Waiting for the doctor to start.');
  subscribe(appointment.id, {
    ...connectionHandlers(),
    MEETING_STARTED: doctorStarted,
    PARTICIPANT_JOINED: doctorEvent(true),
    PARTICIPANT_LEFT: doctorEvent(false),
    ...endingHandlers((text) => {
      over = true;
      doctorInCall = false;
      call.leave();
      status(text);
      render();
    }),
  }, { api, lastEventId: 0 });
  setInterval(render, 1000);
  render();
}
