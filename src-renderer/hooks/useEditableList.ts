// The add/remove part of a list the admin edits (senders, receiver lists): focus follows the
// admin, into a row just added and back to its Add button after a removal.
import { useRef, useState } from 'react';

export function useEditableList<T>(items: T[], set: (next: T[]) => void, empty: T) {
  const [added, setAdded] = useState<number | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  return {
    /** Whether row `index` was just added (its first field takes focus). */
    isNew: (index: number) => added === index,
    addRef,
    add: () => {
      setAdded(items.length);
      set([...items, empty]);
    },
    remove: (index: number) => {
      set(items.filter((_, i) => i !== index));
      setAdded(null);
      addRef.current?.focus();
    },
  };
}
