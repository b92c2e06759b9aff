import { ApiError, post, setToken } from './api.js';
import { el } from './format.js';
import { label, t } from './i18n.js';

const ROLES = ['viewer', 'city_admin', 'auditor', 'em_officer', 'hrss_officer', 'enforcement_officer', 'enterprise_admin', 'training_provider'];
const SCOPE = { em_officer: 'county', hrss_officer: 'county', enforcement_officer: 'county', enterprise_admin: 'enterprise', training_provider: 'provider' };

/** The role and scope claims of a token, read without verifying it (the server verifies). */
export function tokenClaims(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return null;
  }
}

/**
 * The sign-in form: role and scope, sent to the embedded default's `POST /api/v1/dev/tokens`;
 * or a pasted token (production: from the identity provider).
 */
export function renderSignIn(container, units, onSignedIn) {
  const message = el('p', { class: 'error', role: 'alert' });
  const role = el('select', { name: 'role', id: 'sign-in-role' }, ...ROLES.map((r) => el('option', { value: r }, label(r))));
  const county = el('select', { name: 'county', id: 'sign-in-county' }, ...units.map((u) => el('option', { value: u.code }, `${u.nameZh} ${u.code}`)));
  const scopeId = el('input', { name: 'scopeId', id: 'sign-in-scope-id', maxlength: 64 });
  const countyRow = el('label', {}, t('county'), county);
  const idRow = el('label', {}, el('span', {}, ''), scopeId);
  const showScope = () => {
    const scope = SCOPE[role.value];
    countyRow.hidden = scope !== 'county';
    idRow.hidden = scope !== 'enterprise' && scope !== 'provider';
    idRow.firstChild.textContent = scope === 'provider' ? t('providerId') : t('enterpriseId');
  };
  role.addEventListener('change', showScope);
  showScope();

  const form = el(
    'form',
    {
      id: 'sign-in-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const scope = SCOPE[role.value];
        const body = { role: role.value, ...(scope === 'county' ? { county: county.value } : scope ? { [scope]: scopeId.value.trim() } : {}) };
        try {
          const answer = await post('dev/tokens', body);
          setToken(answer.token);
          onSignedIn();
        } catch (error) {
          message.textContent = error instanceof ApiError && error.status === 404 ? t('devSignInOff') : `${t('signInFailed')}: ${error.message}`;
        }
      },
    },
    el('label', {}, t('role'), role),
    countyRow,
    idRow,
    el('button', { type: 'submit', id: 'sign-in-submit' }, t('signIn')),
  );
  const pasted = el('textarea', { id: 'sign-in-token', rows: 3, spellcheck: 'false' });
  const paste = el(
    'form',
    {
      onsubmit: (event) => {
        event.preventDefault();
        if (!tokenClaims(pasted.value.trim())) return void (message.textContent = t('signInFailed'));
        setToken(pasted.value.trim());
        onSignedIn();
      },
    },
    el('label', {}, t('pasteToken'), pasted),
    el('button', { type: 'submit' }, t('useToken')),
  );
  container.replaceChildren(el('h2', {}, t('signInTitle')), el('p', { class: 'hint' }, t('signInHint')), form, paste, message);
}
