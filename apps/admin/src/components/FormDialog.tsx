import { type FormEvent, type ReactNode, useId } from 'react';
import { Dialog } from './Dialog';
import { FormError } from './Field';

interface FormDialogProps {
  title: string;
  description?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  submitLabel: string;
  /** Shown on the submit button while the request runs, e.g. `Saving…`. */
  pendingLabel: string;
  pending: boolean;
  submitDisabled?: boolean;
  cancelLabel?: string;
  /** An error for the whole form, shown above its fields. */
  formError?: string;
  children: ReactNode;
  /** Content below the form, such as the answer to what it sent. */
  after?: ReactNode;
}

/** A dialog around one form, with Cancel and a submit button that shows the request is pending. */
export function FormDialog({
  title,
  description,
  size,
  onClose,
  onSubmit,
  submitLabel,
  pendingLabel,
  pending,
  submitDisabled = false,
  cancelLabel = 'Cancel',
  formError,
  children,
  after,
}: FormDialogProps) {
  const formId = useId();
  return (
    <Dialog
      title={title}
      description={description}
      size={size}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {cancelLabel}
          </button>
          <button
            type="submit"
            form={formId}
            className="button button-primary"
            disabled={pending || submitDisabled}
          >
            {pending ? pendingLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={onSubmit} noValidate>
        <FormError message={formError} />
        {children}
      </form>
      {after}
    </Dialog>
  );
}

/** Says that a resource comes from aurora.yaml, whose values win again at the next start. */
export function FromConfigCallout({ resource }: { resource: string }) {
  return (
    <p className="callout">
      This {resource} comes from aurora.yaml. Fields set there are restored at the next start.
    </p>
  );
}
