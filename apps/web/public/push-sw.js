/*
 * Web Push in the installed app (docs/notifications.md), imported by the Workbox service worker
 * (vite.config.mts: workbox.importScripts). A notice names only the person's unit and the thread's
 * id; the thread itself opens after login (the login returns to the page it was asked for).
 */
const THREAD_URL = /^\/arenden\/[0-9a-fA-F-]{1,64}$/;

function readNotice(event) {
  try {
    const notice = event.data ? event.data.json() : {};
    return notice && typeof notice === 'object' ? notice : {};
  } catch {
    return {};
  }
}

self.addEventListener('push', (event) => {
  const notice = readNotice(event);
  const title = typeof notice.title === 'string' && notice.title ? notice.title : 'Brygga';
  const body = typeof notice.body === 'string' && notice.body ? notice.body : 'Nytt i Brygga';
  // Only a thread's own address is opened: never a URL a payload could smuggle in.
  const url = typeof notice.url === 'string' && THREAD_URL.test(notice.url) ? notice.url : '/';
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      lang: 'sv',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      // One notice per thread and kind: a newer one replaces the older one.
      tag: `${notice.kind || 'brygga'}:${notice.threadId || ''}`,
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data && THREAD_URL.test(event.notification.data.url) ? event.notification.data.url : '/';
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        // The open app goes to the thread (an ended session shows the login, which returns there).
        const navigated = 'navigate' in open ? await open.navigate(target).catch(() => null) : null;
        await (navigated || open).focus();
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
