// A test stand-in for Jitsi's external_api.js: the Jitsi video bridge cannot run on the test
// machine (no internet, no Jitsi). It records what the page passed to JitsiMeetExternalAPI
// (window.jitsiStandIn.calls) and behaves like the real one towards the page: a frame in the
// parent node, videoConferenceJoined soon after, videoConferenceLeft and readyToClose on hang-up.
// A test may take the IFrame API's events into its own hands: with window.jitsiStandIn.autoJoin set
// to false before the call opens, nothing is fired by itself, and window.jitsiStandIn.fire(index,
// name) fires an event (e.g. 'videoConferenceJoined', 'videoConferenceLeft') on the index-th call.
window.jitsiStandIn = window.jitsiStandIn || { calls: [] };
window.jitsiStandIn.calls = window.jitsiStandIn.calls || [];
window.jitsiStandIn.instances = window.jitsiStandIn.instances || [];
window.jitsiStandIn.fire = (index, name, event) => {
  window.jitsiStandIn.instances[index].emit(name, event || { roomName: window.jitsiStandIn.calls[index].roomName });
};
window.JitsiMeetExternalAPI = class {
  constructor(domain, options) {
    this.listeners = {};
    this.record = {
      domain,
      roomName: options.roomName,
      jwt: options.jwt || null,
      displayName: options.userInfo ? options.userInfo.displayName : null,
      prejoinEnabled: options.configOverwrite ? options.configOverwrite.prejoinPageEnabled : null,
      parentId: options.parentNode ? options.parentNode.id : null,
      hungUp: false,
      disposed: false,
    };
    window.jitsiStandIn.calls.push(this.record);
    window.jitsiStandIn.instances.push(this);
    this.frame = document.createElement('div');
    this.frame.className = 'jitsi-stand-in';
    this.frame.style.cssText = 'color:#fff;padding:2rem;font:1rem system-ui';
    this.frame.textContent = 'Jitsi stand-in: in room ' + options.roomName + ' as ' + this.record.displayName;
    (options.parentNode || document.body).append(this.frame);
    if (window.jitsiStandIn.autoJoin !== false) {
      setTimeout(() => this.emit('videoConferenceJoined', { roomName: options.roomName }), 50);
    }
  }
  addListener(name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
  }
  emit(name, event) {
    this.record.fired = (this.record.fired || []).concat(name);
    (this.listeners[name] || []).forEach((listener) => listener(event));
  }
  executeCommand(command) {
    if (command === 'hangup') {
      this.record.hungUp = true;
      this.emit('videoConferenceLeft', {});
      this.emit('readyToClose', {});
    }
  }
  dispose() {
    this.record.disposed = true;
    this.frame.remove();
  }
};
