import { describe, expect, it } from 'vitest';
import type { ProviderPreset } from '../../api/providers';
import {
  applyPreset,
  providerBodyFromForm,
  providerFormValues,
  providerPatchFromForm,
} from './provider-form';

const deepseek: ProviderPreset = {
  name: 'deepseek',
  label: 'DeepSeek',
  kind: 'openai',
  base_url: 'https://api.deepseek.com/v1',
  quirks: { thinking_param: 'thinking' },
  docs_url: 'https://api-docs.deepseek.com',
};

describe('provider form', () => {
  it('fills kind, base URL and quirks from a preset and suggests its name', () => {
    const values = applyPreset(providerFormValues(), deepseek);
    expect(values).toMatchObject({
      preset: 'deepseek',
      name: 'deepseek',
      kind: 'openai',
      base_url: 'https://api.deepseek.com/v1',
    });
    expect(JSON.parse(values.quirks)).toEqual({ thinking_param: 'thinking' });
    expect(applyPreset({ ...providerFormValues(), name: 'mine' }, deepseek).name).toBe('mine');
  });

  it('leaves out a blank API key so that editing keeps the stored one', () => {
    const result = providerBodyFromForm({ ...applyPreset(providerFormValues(), deepseek), api_key: '  ' });
    expect(result.ok && 'api_key' in result.body && result.body.api_key !== undefined).toBe(false);
  });

  it('sends null to drop the preset or the stored key when editing', () => {
    const values = { ...applyPreset(providerFormValues(), deepseek), quirks: '' };
    const kept = providerPatchFromForm(values);
    expect(kept.ok && kept.body).toMatchObject({ preset: 'deepseek', quirks: {} });
    expect(kept.ok && kept.body.api_key).toBeUndefined();
    const cleared = providerPatchFromForm({ ...values, preset: '', remove_api_key: true });
    expect(cleared.ok && cleared.body).toMatchObject({ preset: null, api_key: null });
  });

  it('collects headers and reports a value without a name at its row', () => {
    const values = {
      ...applyPreset(providerFormValues(), deepseek),
      headers: [
        { name: 'X-Title', value: 'aurora' },
        { name: '', value: '' },
        { name: ' ', value: 'orphan' },
      ],
    };
    const result = providerBodyFromForm(values);
    expect(result).toEqual({ ok: false, errors: { 'headers.2': 'Header name is required' } });
    values.headers.pop();
    const fixed = providerBodyFromForm(values);
    expect(fixed.ok && fixed.body.headers).toEqual({ 'X-Title': 'aurora' });
  });

  it('rejects a base URL that is not a URL and quirks that are not an object', () => {
    const result = providerBodyFromForm({
      ...providerFormValues(),
      name: 'local',
      base_url: 'localhost:11434',
      quirks: '[1]',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.base_url).toMatch(/full http\(s\) URL/);
    expect(result.errors.quirks).toMatch(/JSON object/);
  });
});
