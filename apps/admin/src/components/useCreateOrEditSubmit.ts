import { type FormEvent, useState } from 'react';
import type { SaveChange } from '../api/client';
import { type FieldErrors, fieldErrorsFromRequest } from '../api/errors';
import type { ParsedForm } from '../form-values';

/**
 * Submits a create-or-edit form: validates it with the body schema (new) or the patch schema (edit),
 * shows the field errors of either the form or the gateway's answer, and calls onSaved on success.
 */
export function useCreateOrEditSubmit<Values, Body, Patch>({
  id,
  values,
  bodyFromForm,
  patchFromForm,
  mutate,
  onSaved,
}: {
  /** The edited resource's id; undefined when creating. */
  id: string | undefined;
  values: Values;
  bodyFromForm: (values: Values) => ParsedForm<Body>;
  patchFromForm: (values: Values) => ParsedForm<Patch>;
  mutate: (
    change: SaveChange<Body, Patch>,
    handlers: { onSuccess: () => void; onError: (error: Error) => void },
  ) => void;
  onSaved: () => void;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const handlers = {
      onSuccess: onSaved,
      onError: (error: Error) => setErrors(fieldErrorsFromRequest(error)),
    };
    if (id) {
      const parsed = patchFromForm(values);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      mutate({ id, body: parsed.body }, handlers);
    } else {
      const parsed = bodyFromForm(values);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      mutate({ body: parsed.body }, handlers);
    }
  }

  return { errors, submit };
}
