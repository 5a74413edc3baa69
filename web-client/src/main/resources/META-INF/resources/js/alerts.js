// Getting a person's attention when something they wait for happens: a short beep (Web Audio, no
// file to fetch) and, while the tab is hidden, a browser notification. Browsers allow neither on
// their own: sound needs a user's gesture on the page first, and notifications need a permission
// that may only be asked for from a click (notificationControl), never on load. Without either,
// attention() still dispatches a 'televisit:alert' event on window, which host apps and tests may follow.

let audio = null;

function audioContext() {
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return null;
  audio = audio || new AudioContext();
  return audio;
}

// The first key press or click on the page lets its later beeps play (the autoplay rule).
function unlock() {
  try {
    audioContext()?.resume();
  } catch {
    // no sound is no harm
  }
}
addEventListener('pointerdown', unlock, { capture: true, once: true });
addEventListener('keydown', unlock, { capture: true, once: true });

/** A short two-tone beep; true when it could play (the page had a user's gesture, audio exists). */
export function beep() {
  try {
    const context = audioContext();
    if (!context || context.state !== 'running') return false;
    const gain = context.createGain();
    gain.connect(context.destination);
    const start = context.currentTime;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
    [[880, 0], [1175, 0.18]].forEach(([frequency, offset]) => {
      const tone = context.createOscillator();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + offset);
      tone.stop(start + offset + 0.25);
    });
    return true;
  } catch {
    return false;
  }
}

export function notificationsSupported() {
  return 'Notification' in window && window.isSecureContext;
}

/** 'granted', 'denied', 'default', or 'unsupported'. */
export function notificationPermission() {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

/**
 * The sound, and a notification when the tab is hidden and notifications are allowed; clicking the
 * notification brings the page forward. tag: notifications with the same tag replace each other.
 */
export function attention({ title, body = '', tag }) {
  const sound = beep();
  let notified = false;
  if (document.visibilityState === 'hidden' && notificationPermission() === 'granted') {
    try {
      const notification = new Notification(title, { body, tag, icon: 'favicon.svg' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      notified = true;
    } catch {
      // some browsers (Android Chrome) only notify through a service worker: the sound stays
    }
  }
  window.dispatchEvent(new CustomEvent('televisit:alert', { detail: { title, body, tag, sound, notified } }));
}

/**
 * Wires a "Notify me" button and a line that says how things stand: the button asks for the
 * permission when clicked (the only way a browser lets a page ask), and goes once there is
 * nothing left to ask.
 */
export function notificationControl(button, state) {
  const render = () => {
    const permission = notificationPermission();
    button.hidden = permission !== 'default';
    state.textContent = {
      granted: 'Notifications are on: you are told even when this tab is in the background.',
      denied: 'Notifications are blocked in this browser; keep this tab in view to hear the sound.',
      unsupported: 'This browser cannot show notifications here; keep this tab in view.',
      default: '',
    }[permission];
  };
  button.onclick = async () => {
    unlock();
    try {
      await Notification.requestPermission();
    } catch {
      // an old browser's callback-only form: the state line says what came of it
    }
    const focused = document.activeElement === button;
    render();
    if (focused && button.hidden) state.focus();
  };
  render();
}
