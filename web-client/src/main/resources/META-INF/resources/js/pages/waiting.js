// The waiting room of the patient's and the agency's pages: what happens next, the appointment's
// time with its time zone, the choice to enter as soon as the doctor is ready, and "Notify me"
// (the only place the browser is asked for notifications: a click). When the doctor starts, the
// page's own join button becomes "Join now" and takes the focus, the start is announced, a beep
// sounds and, while the tab is hidden, a notification says so.
import { attention, notificationControl } from '../alerts.js';
import { dateTimeWithZone } from '../messages.js';
import { $ } from './common.js';

export function waitingRoom(appointment) {
  // Known from the booking or the doctor's approval; else learnt when the doctor joins the call.
  let doctorName = appointment.doctorName || null;
  $('waiting-time').dateTime = appointment.startsAt;
  $('waiting-time').textContent = `${dateTimeWithZone(appointment.startsAt)}, ${appointment.durationMinutes} minutes`;
  notificationControl($('notify'), $('notify-state'));

  const doctor = () => (doctorName ? `your doctor, ${doctorName},` : 'your doctor');

  function announce(text) {
    // Cleared first, so the same words twice are read twice.
    $('waiting-announce').textContent = '';
    requestAnimationFrame(() => { $('waiting-announce').textContent = text; });
  }

  return {
    /** Shown while the person is neither in the call nor done with it. */
    show(visible) {
      $('waiting-room').hidden = !visible;
    },
    /** What happens next, in words; {doctor} stands for the doctor as the page knows them. */
    next(text) {
      $('waiting-next').textContent = text.replace('{doctor}', doctor());
    },
    /** The doctor's name, as the doctor's arrival in the call gives it. */
    set doctorName(name) {
      doctorName = name || doctorName;
    },
    get doctorName() {
      return doctorName;
    },
    get autoEnter() {
      return $('auto-enter').checked;
    },
    /**
     * The doctor has started, seen live: button (the page's join button, shown and enabled by the
     * caller) becomes "Join now" and takes the focus; sound, announcement, notification when hidden.
     */
    doctorStarted(button) {
      button.textContent = 'Join now';
      button.classList.add('now');
      const who = doctorName || 'Your doctor';
      announce(`${who} has started the consultation. Join now.`);
      attention({ title: 'Your consultation has started', body: `${who} is ready for you. Open Televisit to join.`, tag: `televisit-start-${appointment.id}` });
      if (!button.disabled && !button.hidden) button.focus();
    },
  };
}
