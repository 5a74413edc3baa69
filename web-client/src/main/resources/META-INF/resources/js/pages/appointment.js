// One appointment's page: the doctor's console, the agency's lobby or the patient's page,
// chosen by the signed-in user's role. Every page follows the appointment's event stream from
// its beginning (lastEventId 0), so its state is rebuilt from the events and then kept live.
import { createApi } from '../api.js';
import { dateTime } from '../messages.js';
import { currentSession } from '../session.js';
import * as agency from './agency.js';
import { $, showError } from './common.js';
import * as doctor from './doctor.js';
import * as patient from './patient.js';

// Imported with the page, not on demand: a module import has no timeout, so one that hangs would
// leave the page without a word (the API calls and Jitsi's script have theirs).
const PAGES = { DOCTOR: doctor, AGENCY: agency, PATIENT: patient };

async function start() {
  const session = currentSession();
  if (!session) {
    location.href = './';
    return;
  }
  $('who').textContent = session.user.name;
  const id = new URLSearchParams(location.search).get('id');
  const api = createApi({ token: session.token });
  let appointment;
  try {
    appointment = await api.get(`/api/appointments/${encodeURIComponent(id)}`);
  } catch (error) {
    showError(error, start);
    return;
  }
  $('when').textContent = `${dateTime(appointment.startsAt)} · ${appointment.durationMinutes} minutes · ${appointment.type === 'VIDEO' ? 'video' : 'in person'}`;
  const page = PAGES[session.user.role];
  if (!page) {
    $('status').textContent = 'There is nothing to join for your role.';
    return;
  }
  page.show({ api, session, appointment });
}

start();
