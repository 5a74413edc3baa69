// Televisit's browser library (ES module): import { joinConference, subscribe } from '/televisit.js'.
export { joinConference } from './js/conference.js';
export { subscribe, EVENT_TYPES } from './js/events.js';
export { createApi, TelevisitError } from './js/api.js';
export { timeouts } from './js/timeouts.js';
