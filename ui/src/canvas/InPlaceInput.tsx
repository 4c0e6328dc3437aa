import { useEffect, useRef, useState } from "react";

/**
 * A text field edited in place on the canvas (a card's title, a flow's label): focused and selected at once;
 * Enter or leaving the field saves (once), Esc leaves without saving. Keys stay in the field.
 */
export function InPlaceInput({
  initial,
  label,
  className,
  onSave,
  onLeave,
}: {
  initial: string;
  label: string;
  className: string;
  /** Called once with the text as typed; the caller decides whether anything changed. */
  onSave: (text: string) => void;
  /** Called when editing ends without saving (Esc). */
  onLeave: () => void;
}) {
  const [text, setText] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const save = () => {
    if (done.current) return;
    done.current = true;
    onSave(text);
  };
  return (
    <input
      ref={input}
      className={className}
      aria-label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          save();
        } else if (e.key === "Escape") {
          done.current = true;
          onLeave();
        }
        e.stopPropagation();
      }}
    />
  );
}
