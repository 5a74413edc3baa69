// joinConference(): asks Televisit for entry, loads Jitsi's External API (once per URL) and opens
// the room in an element of the page or in a new window, with the token, name and options the
// server gave. A script that does not load within its timeout (timeouts.js: 10 s) fails the join
// with reason JITSI_TIMEOUT; a failed load is forgotten, so the next join loads it afresh.
// Televisit is told when this caller is in the call and when they leave it (the IFrame API's
// videoConferenceJoined / videoConferenceLeft), for Jitsi deployments that send no webhooks; a
// report that fails is logged and never touches the call.
import { createApi, TelevisitError } from './api.js';
import { seconds, timeouts } from './timeouts.js';

const externalApis = new Map();

function loadExternalApi(url, timeoutMs) {
  if (!externalApis.has(url)) {
    const loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      const fail = (problem) => {
        clearTimeout(timer);
        script.onload = null;
        script.onerror = null;
        script.remove();
        if (externalApis.get(url) === loading) externalApis.delete(url);
        reject(new TelevisitError(problem, 0));
      };
      // A host that accepts the connection and never answers would keep the page waiting for minutes.
      const host = new URL(url, location.href).host;
      const timer = setTimeout(() => fail({ reason: 'JITSI_TIMEOUT', host, timeoutMs,
        detail: `Jitsi at ${host} did not answer within ${seconds(timeoutMs)}.` }), timeoutMs);
      script.src = url;
      script.async = true;
      script.onload = () => {
        if (!window.JitsiMeetExternalAPI) {
          fail({ reason: 'JITSI_UNAVAILABLE', detail: 'The video service did not load.' });
          return;
        }
        clearTimeout(timer);
        resolve(window.JitsiMeetExternalAPI);
      };
      script.onerror = () => fail({ reason: 'JITSI_UNAVAILABLE', detail: 'The video service cannot be reached.' });
      document.head.append(script);
    });
    externalApis.set(url, loading);
  }
  return externalApis.get(url);
}

/**
 * Opens the appointment's call in parentNode (an element) or, with newWindow: true, in a new
 * window. Resolves to a handle: on('joined' | 'left' | 'ready-to-close', fn), hangUp(), dispose(),
 * roomName, moderator. Rejects with a TelevisitError whose reason says why entry was refused, or
 * that Televisit (TIMEOUT) or Jitsi's script (JITSI_TIMEOUT) did not answer in time. Options:
 * parentNode or newWindow; token and baseUrl, or api (a createApi() client); timeoutMs for the
 * call to Televisit and loadTimeoutMs for Jitsi's script (defaults: timeouts.js, 10 s each);
 * reportPresence: false to not report the caller's joins and leaves to Televisit (default true).
 */
export async function joinConference(appointmentId, {
  parentNode, newWindow = false, token, baseUrl = '', api, timeoutMs, loadTimeoutMs, reportPresence = true,
} = {}) {
  if (!parentNode && !newWindow) throw new TypeError('joinConference needs a parentNode or newWindow: true');
  // A window opened later than the click would be blocked: open it first, fill it once allowed in.
  const popup = newWindow ? window.open('', '_blank') : null;
  if (newWindow && !popup) throw new TelevisitError({ reason: 'POPUP_BLOCKED', detail: 'The browser blocked the call window.' }, 0);
  try {
    const client = api || createApi({ token, baseUrl, timeoutMs });
    const presence = reportPresence ? presenceReports(client, appointmentId) : null;
    const grant = await client.post(`/api/appointments/${encodeURIComponent(appointmentId)}/join`);
    const JitsiMeetExternalAPI = await loadExternalApi(grant.externalApiUrl, loadTimeoutMs ?? timeouts.jitsiLoadMs);
    let host = parentNode;
    if (popup) {
      popup.document.title = 'Televisit call';
      popup.document.body.style.margin = '0';
      host = popup.document.body;
    }
    const jitsi = new JitsiMeetExternalAPI(grant.domain, { ...grant.options, parentNode: host, width: '100%', height: popup ? '100%' : 560 });
    return handle(jitsi, grant, popup, presence);
  } catch (error) {
    popup?.close();
    throw error;
  }
}

/**
 * The caller's own presence in the call, as POST /api/appointments/{id}/presence: "joined" once in,
 * "left" once out (also when the call is closed without Jitsi saying so, or the page goes away).
 * A server without the route (404, 405) or that refuses it (403) is not asked again for this call.
 */
function presenceReports(client, appointmentId) {
  const path = `/api/appointments/${encodeURIComponent(appointmentId)}/presence`;
  let inCall = false;
  let refused = false;
  const report = (event, options) => {
    if (refused) return;
    client.post(path, { event }, options).catch((error) => {
      if ([403, 404, 405].includes(error.status)) refused = true;
      console.warn(`televisit: the call goes on, but Televisit was not told that you ${event} it:`, error.message);
    });
  };
  return {
    joined() {
      if (inCall) return;
      inCall = true;
      report('joined');
    },
    left(options) {
      if (!inCall) return;
      inCall = false;
      report('left', options);
    },
  };
}

function handle(jitsi, grant, popup, presence) {
  const listeners = { joined: [], left: [], 'ready-to-close': [] };
  const emit = (name, detail) => listeners[name].forEach((listener) => {
    try {
      listener(detail);
    } catch (error) {
      console.error('televisit: a call listener failed', error);
    }
  });
  let disposed = false;
  const pageGoes = () => presence?.left({ keepalive: true });
  addEventListener('pagehide', pageGoes);
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    removeEventListener('pagehide', pageGoes);
    presence?.left();
    jitsi.dispose();
    popup?.close();
  };
  jitsi.addListener('videoConferenceJoined', (event) => {
    presence?.joined();
    emit('joined', event);
  });
  jitsi.addListener('videoConferenceLeft', (event) => {
    presence?.left();
    emit('left', event);
  });
  jitsi.addListener('readyToClose', () => {
    emit('ready-to-close');
    dispose();
  });
  return {
    roomName: grant.roomName,
    moderator: grant.moderator,
    on(name, listener) {
      listeners[name].push(listener);
      return this;
    },
    hangUp() {
      if (disposed) return;
      jitsi.executeCommand('hangup');
      // Jitsi answers a hang-up with readyToClose; if it does not, close anyway.
      setTimeout(dispose, 2000);
    },
    dispose,
  };
}
