// What each refusal means, in words for the person at the screen.
const MESSAGES = {
  NOT_PARTICIPANT: 'This appointment is not one of yours.',
  NOT_FOUND: 'This appointment does not exist or is not one of yours.',
  APPOINTMENT_NOT_APPROVED: 'The doctor has not confirmed this appointment yet.',
  NOT_A_VIDEO_APPOINTMENT: 'This appointment is in person, not by video.',
  CANCELLED: 'This appointment was cancelled.',
  MEETING_ENDED: 'The consultation has ended.',
  MEETING_NOT_STARTED: 'The doctor has not started the consultation yet. Stay on this page: you will be told the moment you can join.',
  WINDOW_NOT_OPEN: 'It is too early to join.',
  WINDOW_CLOSED: 'The time to join this appointment has passed.',
  KNOCK_REQUIRED: 'Ask the doctor to let you in first.',
  KNOCK_PENDING: 'The doctor has not answered your request yet.',
  KNOCK_REJECTED: 'The doctor declined your request to join.',
  KNOCK_NOT_REQUIRED: 'You can join directly; there is no need to ask.',
  KNOCK_LIMIT_REACHED: 'You have asked as many times as allowed for this appointment. Please call the clinic.',
  ALREADY_DECIDED: 'This request was already answered.',
  REQUEST_EXPIRED: 'This request has expired.',
  RATE_LIMITED: 'Too many attempts; please wait a minute and try again.',
  UNAUTHENTICATED: 'Please sign in again.',
  INVALID_TOKEN: 'Your sign-in has expired; please sign in again.',
  FORBIDDEN: 'You may not do this.',
  INVALID_STATE: 'That cannot be done now.',
  NETWORK: 'The server cannot be reached. Check your connection and try again.',
  JITSI_UNAVAILABLE: 'The video service cannot be reached right now.',
  POPUP_BLOCKED: 'The browser blocked the call window; allow pop-ups for this site.',
};

export function describe(error) {
  const text = MESSAGES[error.reason] || error.message || 'Something went wrong.';
  if (error.reason === 'WINDOW_NOT_OPEN' && error.opensAt) {
    return `${text} You can join from ${time(error.opensAt)}.`;
  }
  // Who did not answer, and within how long, is in the error's own message.
  if (error.reason === 'TIMEOUT' || error.reason === 'JITSI_TIMEOUT') {
    return `${error.message} Try again.`;
  }
  if (error.reason === 'KNOCK_REJECTED' && error.problem?.rejectionReason) {
    return `${text} “${error.problem.rejectionReason}”`;
  }
  return text;
}

export function time(date) {
  return new Date(date).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function dateTime(date) {
  return new Date(date).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The date and time with the time zone it is in, e.g. "Thu 3 Dec, 17:05 CET (Europe/Berlin)". */
export function dateTimeWithZone(date) {
  const shown = new Date(date).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && !shown.endsWith(zone) ? `${shown} (${zone})` : shown;
}

/** "4:05" for 245 seconds; "1:02:03" past an hour. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
