import { client, unwrap } from '../api/client';

/**
 * This device's Web Push subscription (docs/notifications.md). The browser keeps the subscription,
 * the server knows it until logout; at logout the device unsubscribes too, so the next person to
 * log in on a shared phone is not subscribed without asking.
 */

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  // The Workbox worker (pwa/pwa-status.tsx registers it); a page without one has no push.
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await registration();
  return reg ? reg.pushManager.getSubscription() : null;
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function body(subscription: PushSubscription): { endpoint: string; keys: { p256dh: string; auth: string } } {
  const json = subscription.toJSON();
  return { endpoint: json.endpoint ?? subscription.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } };
}

/** Asks for permission, subscribes this device and tells the server. Throws a Swedish message. */
export async function enablePush(): Promise<void> {
  const reg = await registration();
  if (!reg) throw new Error('Den här webbläsaren kan inte ta emot aviseringar. Installera Brygga som app och försök igen.');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('Aviseringar är inte tillåtna för Brygga. Tillåt dem i webbläsarens inställningar.');
  const { publicKey } = await unwrap(client.GET('/api/push/public-key'));
  let subscription = await reg.pushManager.getSubscription();
  // A subscription made for another server key cannot be used: start over.
  const key = subscription?.options.applicationServerKey;
  if (subscription && key && new Uint8Array(key).toString() !== base64UrlToBytes(publicKey).toString()) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) });
  await unwrap(client.POST('/api/push/subscriptions', { body: body(subscription) }));
}

export async function disablePush(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await unwrap(client.DELETE('/api/push/subscriptions', { body: { endpoint: subscription.endpoint } }));
  await subscription.unsubscribe();
}

/**
 * After a login on a device that kept its subscription (the session ran out, no logout): the new
 * session takes it over, so that its logout ends it.
 */
export async function renewPush(): Promise<void> {
  const subscription = await currentSubscription().catch(() => null);
  if (subscription && Notification.permission === 'granted') {
    await unwrap(client.POST('/api/push/subscriptions', { body: body(subscription) })).catch(() => undefined);
  }
}

/** At logout: this device stops receiving (the server ends the subscription with the session too). */
export async function forgetPushAtLogout(): Promise<void> {
  const subscription = await currentSubscription().catch(() => null);
  await subscription?.unsubscribe().catch(() => undefined);
}
