import { useEffect, useRef, type ReactNode } from 'react';

/** The view's h1: sets the tab title and takes focus when the view opens, so screen readers hear where they are. */
export function PageHeading({ title, children, className, id }: { title: string; children?: ReactNode; className?: string; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Brygga`;
  }, [title]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className} id={id}>
      {children ?? title}
    </h1>
  );
}
