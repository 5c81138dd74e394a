// Top level: loads the profiles, keeps the selection, and runs the list actions' dialogs.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { ImportPreview } from '../src-shared/config-file';
import type { AppErrorData } from '../src-shared/errors';
import type { ProfileView } from '../src-shared/profile';
import { call, onMainEvent, toErrorData } from './api';
import { firstListIfArrived, takeFirstList } from './first-list';
import { AddProfileDialog, FirstProfileSetup, type NewProfileRequest } from './components/AddProfile';
import { Dialog } from './components/Dialog';
import { ErrorPanel } from './components/ErrorPanel';
import { TextField } from './components/fields';
import { preloadEditorChunks, ProfileEditor, type EditorActions } from './components/ProfileEditor';
import { ProfileList } from './components/ProfileList';
import { useOneAtATime } from './hooks/useOneAtATime';

// Not on the first screen: loaded when first opened (their own chunks, with what only they use).
const ExportDialog = lazy(() => import('./components/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ImportDialog = lazy(() => import('./components/ImportDialog').then((m) => ({ default: m.ImportDialog })));

type Modal =
  | { kind: 'add' }
  | { kind: 'rename' }
  | { kind: 'delete' }
  | { kind: 'leave'; then: () => void }
  | { kind: 'export' }
  | { kind: 'import'; preview: ImportPreview }
  | null;

export function App() {
  // The list the bridge fetched while the bundle loaded, when it is in already: the first render
  // shows the form rather than "Loading profiles…" (the first load below then confirms it).
  const [profiles, setProfiles] = useState<ProfileView[] | null>(firstListIfArrived);
  const [selectedId, setSelectedId] = useState<string | null>(() => firstListIfArrived()?.[0]?.profile.id ?? null);
  const [dirty, setDirty] = useState(false);
  const [modal, setModal] = useState<Modal>(null);
  const [error, setError] = useState<AppErrorData | null>(null);

  const applyList = useCallback((list: ProfileView[], select?: string | null) => {
    setProfiles(list);
    setSelectedId((current) => {
      const wanted = select === undefined ? current : select;
      return list.some((v) => v.profile.id === wanted) ? wanted : (list[0]?.profile.id ?? null);
    });
  }, []);

  const failLoad = useCallback((e: unknown) => {
    setError(toErrorData(e));
    setProfiles((p) => p ?? []);
  }, []);

  const refresh = useCallback(
    (select?: string | null) => call('listProfiles', {}).then((list) => applyList(list, select), failLoad),
    [applyList, failLoad],
  );

  // The lazy chunks (validator, OAuth form, results) come once the list and the form are on
  // screen and the page is idle: fetched earlier, their parsing delays that first form.
  const listed = profiles !== null;
  useEffect(() => {
    if (!listed) return;
    const idle = requestIdleCallback(preloadEditorChunks, { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, [listed]);

  useEffect(() => {
    let live = true;
    takeFirstList().then(
      (list) => live && applyList(list),
      (e: unknown) => live && failLoad(e),
    );
    return () => {
      live = false;
    };
  }, [applyList, failLoad]);

  const selected = profiles?.find((v) => v.profile.id === selectedId) ?? null;
  const editorRef = useRef<EditorActions | null>(null);

  // Main holds the window's close back while this is true, and asks through closeRequested.
  useEffect(() => {
    void call('setUnsavedChanges', { unsaved: dirty }).catch(() => undefined);
  }, [dirty]);

  /** Runs an action that leaves the current form; with unsaved changes, asks Save / Discard / Cancel first. */
  const leaveThen = useCallback(
    (then: () => void) => {
      if (dirty) setModal({ kind: 'leave', then });
      else then();
    },
    [dirty],
  );

  useEffect(
    () => onMainEvent('closeRequested', () => leaveThen(() => void call('closeWindow', {}).catch(() => undefined))),
    [leaveThen],
  );

  // The list's actions, and the prompt's Save, each run once at a time: a double-click on
  // Duplicate (or on Save before a Duplicate) made two copies. Two guards: the prompt's Save
  // runs the action it was asked for, which takes the other.
  const acting = useOneAtATime();
  const answering = useOneAtATime();

  function act(action: () => Promise<string | null | undefined>) {
    return acting(async () => {
      setError(null);
      try {
        const next = await action();
        setModal(null);
        await refresh(next);
      } catch (e) {
        setError(toErrorData(e));
      }
    });
  }

  /** Creates the profile (with what was found for its address) and opens it. */
  const add = (request: NewProfileRequest) => act(async () => (await call('createProfile', request)).profile.id);

  function closeModal() {
    setModal(null);
    setError(null);
  }

  function select(id: string) {
    if (id === selectedId) return;
    leaveThen(() => setSelectedId(id));
  }

  function importFile() {
    void call('chooseImportFile', {}).then(
      (preview) => preview && setModal({ kind: 'import', preview }),
      (e: unknown) => setError(toErrorData(e)),
    );
  }

  return (
    <div className="app">
      <ProfileList
        profiles={profiles ?? []}
        selectedId={selectedId}
        onSelect={select}
        onAdd={() => leaveThen(() => setModal({ kind: 'add' }))}
        onRename={() => setModal({ kind: 'rename' })}
        onDuplicate={() =>
          selected &&
          leaveThen(
            () => void act(async () => (await call('duplicateProfile', { id: selected.profile.id })).profile.id),
          )
        }
        onDelete={() => setModal({ kind: 'delete' })}
        onExport={() => setModal({ kind: 'export' })}
        onImport={() => leaveThen(importFile)}
      />
      <main className="content">
        {error && !modal ? (
          <ErrorPanel title="That did not work" error={error} onDismiss={() => setError(null)} topLevel />
        ) : null}
        {profiles === null ? (
          <p role="status">Loading profiles…</p>
        ) : selected ? (
          // The OAuth form's lazy part (registration assistant) suspends the whole editor until it
          // is there: the form appears at once, and nothing moves under the admin's pointer.
          <Suspense key={selected.profile.id} fallback={<div className="editor" aria-busy="true" />}>
            <ProfileEditor
              view={selected}
              onSaved={() => void refresh()}
              onDirtyChange={setDirty}
              onRefresh={() => void refresh()}
              editorRef={editorRef}
            />
          </Suspense>
        ) : (
          <div className="empty-state">
            <h1>No mail profiles yet</h1>
            <p>
              A profile holds one mail account a server sends with: how it signs in (password or OAuth 2.0), which
              server it uses, and who the mail comes from.
            </p>
            <FirstProfileSetup onAdd={(request) => void add(request)} />
          </div>
        )}
      </main>
      {modal?.kind === 'add' ? (
        <AddProfileDialog error={error} onCancel={closeModal} onAdd={(request) => void add(request)} />
      ) : null}
      {modal?.kind === 'rename' && selected ? (
        <RenameDialog
          error={error}
          current={selected.profile.name}
          onCancel={closeModal}
          onRename={(name) =>
            act(async () => (await call('renameProfile', { id: selected.profile.id, name })).profile.id)
          }
        />
      ) : null}
      {modal?.kind === 'delete' && selected ? (
        <Dialog
          title={`Delete "${selected.profile.name}"?`}
          confirmLabel="Delete profile"
          danger
          error={error}
          onCancel={closeModal}
          onConfirm={() =>
            act(async () => {
              await call('deleteProfile', { id: selected.profile.id });
              return null;
            })
          }
        >
          <p>Its settings and stored secrets are removed from this computer. This cannot be undone.</p>
          {selected.authorization?.handedOff ? (
            <p>
              Its authorization was handed to the server in {selected.authorization.handedOff.file}: the server keeps
              working after this delete.
            </p>
          ) : null}
        </Dialog>
      ) : null}
      {modal?.kind === 'export' ? (
        <Suspense fallback={null}>
          <ExportDialog profiles={profiles ?? []} selectedId={selectedId} onClose={closeModal} />
        </Suspense>
      ) : null}
      {modal?.kind === 'import' ? (
        <Suspense fallback={null}>
          <ImportDialog
            initial={modal.preview}
            onClose={closeModal}
            onApplied={() => {
              closeModal();
              void refresh();
            }}
          />
        </Suspense>
      ) : null}
      {modal?.kind === 'leave' ? (
        <Dialog
          title="Save changes to this profile?"
          confirmLabel="Save"
          extraAction={{
            label: "Don't save",
            danger: true,
            onClick: () => {
              editorRef.current?.discard();
              setDirty(false);
              setModal(null);
              modal.then();
            },
          }}
          onCancel={() => setModal(null)}
          onConfirm={() =>
            void answering(async () => {
              const saved = await (editorRef.current?.save() ?? Promise.resolve(false));
              setModal(null);
              if (saved) {
                setDirty(false);
                modal.then();
              }
            })
          }
        >
          <p>The changes to this profile have not been saved. Save them first, leave them unsaved, or go back.</p>
        </Dialog>
      ) : null}
    </div>
  );
}

function RenameDialog({
  current,
  onRename,
  onCancel,
  error,
}: {
  current: string;
  onRename: (name: string) => void;
  onCancel: () => void;
  error: AppErrorData | null;
}) {
  const [name, setName] = useState(current);
  return (
    <Dialog
      error={error}
      title="Rename profile"
      confirmLabel="Rename"
      confirmDisabled={!name.trim() || name.trim() === current}
      onConfirm={() => onRename(name.trim())}
      onCancel={onCancel}
    >
      <TextField label="Profile name" value={name} onChange={setName} required />
    </Dialog>
  );
}
