// The patient's page: Join, enabled while the join window is open (a countdown before it), and
// "the doctor has started" the moment it happens.
import { subscribe } from '../events.js';
import { duration, time } from '../messages.js';
import { $, callArea, connectionHandlers, endingHandlers, hasCall, status } from './common.js';

export function show({ api, appointment }) {
  $('patient').hidden = false;
  const opens = Date.parse(appointment.joinOpensAt);
  const closes = Date.parse(appointment.joinClosesAt);
  let over = !hasCall(appointment);
  const call = callArea({ api, appointment, onChange: () => render() });

  function render() {
    const now = Date.now();
    const open = !over && now >= opens && now < closes;
    $('join').disabled = !open || call.active;
    if (over || call.active) $('countdown').textContent = '';
    else if (now < opens) $('countdown').textContent = `You can join at ${time(opens)}, in ${duration((opens - now) / 1000)}.`;
    else if (now >= closes) $('countdown').textContent = 'The time to join has passed.';
    else $('countdown').textContent = '';
  }

  $('join').onclick = () => call.enter();

  status(over ? 'This appointment has no video call now.' : 'Waiting for the doctor to start.');
  subscribe(appointment.id, {
    ...connectionHandlers(),
    MEETING_STARTED: () => {
      if (!over) status('The doctor has started — you can join now.');
    },
    ...endingHandlers((text) => {
      over = true;
      call.leave();
      status(text);
      render();
    }),
  }, { api, lastEventId: 0 });
  setInterval(render, 1000);
  render();
}
