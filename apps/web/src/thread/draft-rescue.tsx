import { Alert, TextArea } from '../components/ui';
import { useKeptDraft } from './drafts';

/** Unsent text shown again, with why it could not be sent, when the composer has gone. */
export function DraftRescue({ threadId, why }: { threadId: string; why: string }) {
  const [text, discard] = useKeptDraft(threadId);
  if (!text) return null;
  return (
    <div className="draft-rescue">
      <Alert kind="warning">{why} Din text skickades inte och finns kvar här, så att du kan kopiera den.</Alert>
      <TextArea label="Din osända text" readOnly rows={3} value={text} className="field-wide" />
      <button type="button" className="secondary" onClick={discard}>
        Släng texten
      </button>
    </div>
  );
}
