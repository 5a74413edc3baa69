// What the doctor's console knows about who is here: who has the appointment open and waits
// ("Patient is waiting (since 10:02)": GET /api/appointments/{id}/presence once, then
// PARTICIPANT_WAITING / PARTICIPANT_GONE), who is in the call now (PARTICIPANT_JOINED / LEFT), and
// after the meeting, in their place, the attendance (GET /api/appointments/{id}/attendance). An arrival seen live is
// announced, beeps, and notifies while the tab is hidden. A server without these routes (404, 403)
// leaves a line that says so, and the rest of the console works as before.
import { attention, notificationControl } from '../alerts.js';
import { time } from '../messages.js';
import { $, element, showError } from './common.js';

const ROLE = { PATIENT: 'Patient', AGENCY: 'Agency', DOCTOR: 'Doctor' };
const SOURCE = { jitsi: 'Jitsi', client: 'their browser' };
/** Answers of an older server, or of one that keeps these routes from this user. */
const ABSENT = [403, 404, 405];

const key = (party) => `${party.role}:${party.userId}`;
const roleName = (party) => ROLE[party.role] || party.role;

/**
 * live(instant): whether an event happened after the page opened; announce(text): the console's
 * live region; me: the signed-in doctor's id. Returns the stream handlers and ended(), which the
 * console calls when the meeting is over.
 */
export function presence({ api, appointment, live, announce, me }) {
  const base = `/api/appointments/${appointment.id}`;
  const waiting = new Map();
  const inCall = new Map();
  // The instant of the latest news about each party: an answer and the stream may cross, and
  // what is older than what the page already knows changes nothing.
  const latest = new Map();
  let attendanceShown = false;
  let reload = null;

  $('presence-panel').hidden = false;
  notificationControl($('doctor-notify'), $('doctor-notify-state'));

  function newer(party, instant) {
    const at = Date.parse(instant) || 0;
    if (at < (latest.get(key(party)) || 0)) return false;
    latest.set(key(party), at);
    return true;
  }

  function render() {
    const stillWaiting = [...waiting.values()].filter((party) => !inCall.has(key(party)))
      .sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
    $('waiting').replaceChildren(...stillWaiting.map((party) => element('li', { className: 'waiting' },
      element('span', { className: 'grow' }, element('strong', { textContent: roleName(party) }), ' is waiting (since ',
        element('time', { dateTime: party.since, textContent: time(party.since) }), ')',
        element('span', { className: 'muted', textContent: ` · ${party.name}` })))));
    $('nobody-waiting').hidden = stillWaiting.length > 0;
    $('waiting-count').textContent = stillWaiting.length ? `(${stillWaiting.length})` : '';

    const present = [...inCall.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    $('in-call').replaceChildren(...present.map((party) => element('li', { className: 'in-call' },
      element('span', { className: 'grow' }, element('strong', { textContent: roleName(party) }),
        ` ${party.userId === me && party.role === 'DOCTOR' ? 'you' : party.name} · in the call since `,
        element('time', { dateTime: party.at, textContent: time(party.at) }),
        element('span', { className: 'muted', textContent: ` · reported by ${SOURCE[party.source] || party.source}` })))));
    $('nobody-in-call').hidden = present.length > 0;
    $('in-call-count').textContent = present.length ? `(${present.length})` : '';
  }

  function arrived(party) {
    const name = `${roleName(party)} ${party.name}`;
    announce(`${name} is waiting.`);
    // A notification may show on a locked screen: it names the role, never the person.
    attention({ title: `${roleName(party)} is waiting`, body: `Since ${time(party.since)}. Open Televisit to see who.`,
      tag: `televisit-waiting-${appointment.id}-${key(party)}` });
  }

  async function load() {
    try {
      const answer = await api.get(`${base}/presence`);
      for (const party of answer?.waiting || []) {
        if (newer(party, party.since)) waiting.set(key(party), party);
      }
      render();
    } catch (error) {
      if (ABSENT.includes(error.status)) $('presence-note').textContent = 'This server does not say who has the appointment open.';
      else showError(error, load);
    }
  }

  async function loadAttendance() {
    reload = null;
    try {
      showAttendance(await api.get(`${base}/attendance`));
    } catch (error) {
      $('attendance-panel').hidden = false;
      if (ABSENT.includes(error.status)) {
        $('attendance').hidden = true;
        $('attendance-note').textContent = 'This server keeps no attendance.';
      } else {
        showError(error, loadAttendance);
      }
    }
  }

  function showAttendance(attendance) {
    $('attendance-panel').hidden = false;
    $('attendance').hidden = false;
    $('attendance-note').textContent = '';
    $('no-show').hidden = !attendance.noShow;
    $('no-show').textContent = attendance.noShow ? 'The patient did not come: this appointment is marked as a no-show.' : '';
    const at = (instant) => (instant ? element('time', { dateTime: instant, textContent: time(instant) }) : '—');
    $('attendance-rows').replaceChildren(...(attendance.parties || []).map((party) => element('tr', {},
      // A party that never joined has no name on record: its role says who it is.
      element('th', { scope: 'row', textContent: party.name ? `${party.name} (${roleName(party).toLowerCase()})` : roleName(party) }),
      element('td', {}, at(party.firstJoinedAt)),
      element('td', {}, party.inCall ? 'still in the call' : at(party.lastLeftAt)),
      element('td', { textContent: minutes(party) }),
      element('td', { textContent: party.firstJoinedAt ? (SOURCE[party.source] || party.source || '—') : '—' }))));
  }

  /** After the end, every change in the call (a late "left", the no-show) brings the figures up to date. */
  function refreshAttendance() {
    if (!attendanceShown || reload) return;
    reload = setTimeout(loadAttendance, 300);
  }

  load();
  render();
  return {
    handlers: {
      PARTICIPANT_WAITING: (event) => {
        if (!newer(event, event.since)) return;
        const known = waiting.has(key(event));
        waiting.set(key(event), event);
        render();
        if (!known && !inCall.has(key(event)) && live(event.since)) arrived(event);
      },
      PARTICIPANT_GONE: (event) => {
        if (!newer(event, event.at)) return;
        waiting.delete(key(event));
        render();
      },
      PARTICIPANT_JOINED: (event) => {
        inCall.set(key(event), event);
        render();
        refreshAttendance();
      },
      PARTICIPANT_LEFT: (event) => {
        inCall.delete(key(event));
        render();
        refreshAttendance();
      },
      APPOINTMENT_NO_SHOW: () => {
        attendanceShown = true;
        refreshAttendance();
      },
    },
    /** The meeting is over: nobody waits for it any more, and the attendance takes the presence's place. */
    ended() {
      $('presence-panel').hidden = true;
      if (attendanceShown) return;
      attendanceShown = true;
      refreshAttendance();
    },
  };
}

function minutes(party) {
  if (!party.firstJoinedAt) return 'did not join';
  const seconds = party.secondsInCall || 0;
  if (seconds > 0 && seconds < 60) return 'under 1';
  return String(Math.round(seconds / 60));
}
