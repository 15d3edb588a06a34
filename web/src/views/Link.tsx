import type { ComponentChildren } from 'preact';
import { isPlainClick, navigate } from '../router';

/** An ordinary link (new tab, copy address all work) that the app follows itself on a plain click. */
export function Link({ href, children, class: className }: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={href}
      class={className}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
