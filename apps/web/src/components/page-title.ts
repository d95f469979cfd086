/**
 * The tab's title: "(3) Inkorg – Brygga". The view names the page (PageHeading); the app shell
 * puts the unread count in front on every page, so it shows in the tab bar from anywhere.
 */
let pageName = '';
let unread = 0;

function render(): void {
  const name = pageName ? `${pageName} – Brygga` : 'Brygga';
  document.title = unread > 0 ? `(${unread}) ${name}` : name;
}

export function setPageName(name: string): void {
  pageName = name;
  render();
}

export function setUnreadInTitle(count: number): void {
  unread = count;
  render();
}
