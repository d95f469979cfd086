import { useEffect, useRef, type ReactNode } from 'react';
import { setPageName } from './page-title';

/**
 * The view's h1: names the tab (after the unread count, components/page-title.ts) and takes focus
 * when the view opens, so screen readers hear where they are. `tabTitle` names the tab when the
 * heading holds patient data: the tab title lands in browser history and window lists.
 */
export function PageHeading({
  title,
  tabTitle = title,
  children,
  className,
  id,
}: {
  title: string;
  tabTitle?: string;
  children?: ReactNode;
  className?: string;
  id?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setPageName(tabTitle);
  }, [tabTitle]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className} id={id}>
      {children ?? title}
    </h1>
  );
}
