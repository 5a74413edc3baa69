// The start page: demo sign-in (when the server is in demo mode), then the user's appointments
// of today and later, with a Join button enabled exactly while each one's window is open.
import { createApi } from '../api.js';
import { subscribe } from '../events.js';
import { dateTime, duration } from '../messages.js';
import { currentSession, signIn, signOut } from '../session.js';
import { $, connectionHandlers, element, hasCall, showError } from './common.js';

const ENTER = { DOCTOR: 'Open console', AGENCY: 'Go to the lobby', PATIENT: 'Join' };
let appointments = [];

async function start() {
  const session = currentSession();
  if (!session) {
    await showSignIn();
    return;
  }
  $('who').textContent = `${session.user.name} (${session.user.role.toLowerCase()})`;
  $('sign-out').hidden = false;
  $('sign-out').onclick = () => { signOut(); location.reload(); };
  $('appointments').hidden = false;
  const api = createApi({ token: session.token });
  const load = async () => {
    try {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      appointments = (await api.get(`/api/appointments?from=${encodeURIComponent(midnight.toISOString())}&size=50`)).items;
      showError(null);
      render(session);
    } catch (error) {
      showError(error, load);
    }
  };
  await load();
  // Reloaded on every (re)connection too: nothing that changed while the stream was down is missed.
  subscribe('me', { ...connectionHandlers(), onOpen: () => { $('connection').textContent = ''; load(); }, onEvent: load }, { api });
  setInterval(refresh, 1000);
}

/**
 * Builds the rows when the appointments changed (a reload that finds the same ones leaves the rows,
 * and a click on them, alone); {@link refresh} then only updates each one's note and button.
 */
let shown = null;
function render(session) {
  const list = $('appointment-list');
  const key = appointments.map((appointment) => `${appointment.id}:${appointment.version}`).join(',');
  if (key === shown) {
    refresh();
    return;
  }
  shown = key;
  if (!appointments.length) {
    list.replaceChildren(element('li', { className: 'muted', textContent: 'No appointments today or later.' }));
    return;
  }
  list.replaceChildren(...appointments.map((appointment) => {
    const button = element('button', { type: 'button', textContent: ENTER[session.user.role] || 'Open' });
    button.onclick = () => { location.href = `appointment.html?id=${appointment.id}`; };
    const row = element('li', {},
      element('span', { className: 'grow' }, element('strong', { textContent: dateTime(appointment.startsAt) }),
        ` · ${appointment.type === 'VIDEO' ? 'video' : 'in person'} · ${appointment.durationMinutes} min`),
      element('span', { className: 'muted note' }),
      button);
    row.appointment = appointment;
    return row;
  }));
  refresh();
}

function refresh() {
  const now = Date.now();
  for (const row of $('appointment-list').children) {
    const appointment = row.appointment;
    if (!appointment) continue;
    const opens = Date.parse(appointment.joinOpensAt);
    const closes = Date.parse(appointment.joinClosesAt);
    const joinable = hasCall(appointment);
    const open = joinable && now >= opens && now < closes;
    let note = appointment.status.toLowerCase();
    if (joinable && now < opens) note = `opens in ${duration((opens - now) / 1000)}`;
    else if (joinable && now >= closes) note = 'over';
    else if (open) note = 'open now';
    row.querySelector('.note').textContent = note;
    row.querySelector('button').disabled = !open;
  }
}

async function showSignIn() {
  $('sign-in').hidden = false;
  let users;
  try {
    users = await createApi().get('/demo/users');
  } catch (error) {
    // No demo users is no demo mode; a server that did not answer is told as such.
    if (error.retryable) showError(error, showSignIn);
    else $('sign-in-help').textContent = 'Open Televisit from your clinic’s system; it signs you in.';
    return;
  }
  $('sign-in-help').textContent = 'Demo mode: choose who you are.';
  $('demo-users').replaceChildren(...users.map((user) => {
    const button = element('button', { type: 'button', textContent: `Sign in as ${user.name}` });
    button.onclick = async function signInAs() {
      showError(null);
      try {
        const login = await createApi().post('/demo/login', { user: user.id });
        signIn(login.token);
        location.reload();
      } catch (error) {
        showError(error, signInAs);
      }
    };
    return element('li', {}, element('span', { className: 'grow', textContent: `${user.name} — ${user.role.toLowerCase()}` }), button);
  }));
}

start();
