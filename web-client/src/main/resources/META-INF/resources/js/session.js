// Who is signed in on these pages. A host app may hand its own token over in the URL fragment
// (#token=…, never sent to a server, removed from the address bar at once); demo sign-in
// stores the token it gets. The token lives in sessionStorage: gone when the tab closes.
const KEY = 'televisit.token';

export function currentSession() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('token')) {
    sessionStorage.setItem(KEY, fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(KEY);
  const user = token ? claims(token) : null;
  if (!user || (user.exp && user.exp * 1000 < Date.now())) return null;
  return { token, user: { id: user.sub, role: user.role, name: user.name || user.sub } };
}

export function signIn(token) {
  sessionStorage.setItem(KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

function claims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return null;
  }
}
