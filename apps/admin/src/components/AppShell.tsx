import { type ReactNode, useState } from 'react';
import { handleLinkClick, type PageName, pathForPage } from '../router';
import { session } from '../session';
import { useTheme } from '../theme';
import { Icon, type IconName } from './Icon';

const navigation: { page: PageName; label: string; icon: IconName }[] = [
  { page: 'models', label: 'Models', icon: 'models' },
  { page: 'providers', label: 'Providers', icon: 'providers' },
  { page: 'keys', label: 'API Keys', icon: 'keys' },
  { page: 'usage', label: 'Usage', icon: 'usage' },
  { page: 'logs', label: 'Logs', icon: 'logs' },
  { page: 'connect', label: 'Connect', icon: 'connect' },
];

export function Brand() {
  return (
    <span className="brand">
      <span className="brand-mark">
        <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
          <rect width="32" height="32" rx="8" fill="var(--accent)" />
          <path
            d="M9 23 16 8l7 15"
            stroke="white"
            strokeWidth="3"
            fill="none"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </span>
      Aurora
    </span>
  );
}

export function ThemeToggle() {
  const [theme, toggle] = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="icon-button" onClick={toggle} aria-label={`Switch to ${next} theme`}>
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
    </button>
  );
}

export function AppShell({ currentPage, children }: { currentPage: PageName; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Brand />
        <button
          type="button"
          className="icon-button menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name={menuOpen ? 'close' : 'menu'} />
          <span className="visually-hidden">Menu</span>
        </button>
      </header>
      <aside className="sidebar" data-open={menuOpen}>
        <div className="sidebar-brand">
          <Brand />
        </div>
        <nav id="main-navigation" aria-label="Main">
          <ul className="nav-list">
            {navigation.map((item) => (
              <li key={item.page}>
                <a
                  href={pathForPage(item.page)}
                  className="nav-link"
                  aria-current={item.page === currentPage ? 'page' : undefined}
                  onClick={(event) => {
                    handleLinkClick(event, item.page);
                    setMenuOpen(false);
                  }}
                >
                  <Icon name={item.icon} />
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <ThemeToggle />
          <button type="button" className="button button-ghost" onClick={() => session.signOut()}>
            <Icon name="logout" />
            Log out
          </button>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
