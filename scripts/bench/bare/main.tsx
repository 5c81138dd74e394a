// The bench's baseline page: React 19 + ReactDOM rendering one small form, nothing else.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Form() {
  const [name, setName] = useState('');
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit">Save</button>
    </form>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Form />
  </StrictMode>,
);
