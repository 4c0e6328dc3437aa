import type { AnswerCount, Answers, Reading } from "../bindings";

/** How an answer was read, in words, for the table's last column. */
function howRead(reading: Reading): string {
  switch (reading.as) {
    case "number":
      return "a number";
    case "yours":
      return "your number";
    case "label":
      return "a label on the scale";
    case "number_in_label":
      return "the number in the label";
    case "no_answer":
      return "counts as no answer";
    case "unknown":
      return "not read: give it a number";
  }
}

/**
 * The score column's answers given as words, with the number each one reads as (the ones nothing reads first):
 * type a number to set or correct one, clear it to go back to the scale. For a share metric, tick the answers
 * that count instead.
 */
export function AnswersTable({
  answers,
  mapping,
  share,
  onChange,
}: {
  answers: AnswerCount[];
  mapping: Answers;
  share: boolean;
  onChange: (answers: Answers) => void;
}) {
  if (answers.length === 0) return null;
  const setValue = (answer: string, text: string) => {
    const { [answer]: _old, ...values } = mapping.values;
    const number = Number(text);
    onChange({
      ...mapping,
      values: text.trim() === "" || Number.isNaN(number) ? values : { ...values, [answer]: number },
    });
  };
  // The answers counted: the ones ticked here, or before any are, the ones the reader counts (yes and its kin).
  const counted = (a: AnswerCount) =>
    mapping.positive.length > 0
      ? mapping.positive.includes(a.answer)
      : "value" in a.reading && a.reading.value === 1 && a.reading.as !== "yours";
  const setCounted = (answer: string, count: boolean) => {
    const others = answers.filter((a) => a.answer !== answer && counted(a)).map((a) => a.answer);
    onChange({ ...mapping, positive: count ? [...others, answer] : others });
  };
  return (
    <table className="answers" data-testid="answers">
      <caption>Answers given as words</caption>
      <thead>
        <tr>
          <th scope="col">Answer</th>
          <th scope="col">Rows</th>
          <th scope="col">{share ? "Counts" : "Number"}</th>
          <th scope="col">Read as</th>
        </tr>
      </thead>
      <tbody>
        {answers.map((a) => (
          <tr key={a.answer} className={a.reading.as === "unknown" ? "unread" : undefined}>
            <td>{a.answer}</td>
            <td>{a.rows}</td>
            <td>
              {share ? (
                <input
                  type="checkbox"
                  aria-label={`Counts: ${a.answer}`}
                  disabled={a.reading.as === "no_answer"}
                  checked={counted(a)}
                  onChange={(e) => setCounted(a.answer, e.target.checked)}
                />
              ) : (
                <input
                  type="number"
                  aria-label={`Number for ${a.answer}`}
                  defaultValue={mapping.values[a.answer] ?? ("value" in a.reading ? a.reading.value : "")}
                  placeholder="–"
                  onBlur={(e) => setValue(a.answer, e.target.value)}
                  onKeyDown={(e) => e.key === "Enter" && setValue(a.answer, e.currentTarget.value)}
                />
              )}
            </td>
            <td className="muted">{howRead(a.reading)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
