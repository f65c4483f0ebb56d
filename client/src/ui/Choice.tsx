/**
 * A labelled select of things with ids (a zone, a synthesis point, a card): the label for screen
 * readers only, as beside a card's actions, unless `shown`. `none` is an empty first option
 * ("not in a point", "the whole board").
 */
export function Choice<T extends { id: string }>(props: {
  label: string;
  value: string;
  options: readonly T[];
  name: (option: T) => string;
  onChange: (value: string) => void;
  none?: string | undefined;
  disabled?: boolean;
  testId?: string;
  shown?: boolean;
  className?: string;
}) {
  const { label, value, options, name, none, shown = false, className = 'move' } = props;
  return (
    <label className={className}>
      <span className={shown ? undefined : 'visually-hidden'}>{label}</span>
      <select
        value={value}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        data-testid={props.testId}
      >
        {none !== undefined && <option value="">{none}</option>}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {name(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
