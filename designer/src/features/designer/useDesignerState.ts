import { useCallback, useReducer } from 'react';
import type { ElsaDefinition } from './elsa';
import { canRedo, canUndo, record, redo, startHistory, undo, type History } from './model/history';

interface State {
  history: History<ElsaDefinition>;
  /** The definition as last loaded or saved: unsaved changes are those since. */
  saved: ElsaDefinition;
}

type Action =
  | { kind: 'apply'; change: (definition: ElsaDefinition) => ElsaDefinition }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'load'; definition: ElsaDefinition }
  | { kind: 'saved'; definition: ElsaDefinition };

function reduce(state: State, action: Action): State {
  switch (action.kind) {
    case 'apply':
      return { ...state, history: record(state.history, action.change(state.history.present)) };
    case 'undo':
      return { ...state, history: undo(state.history) };
    case 'redo':
      return { ...state, history: redo(state.history) };
    case 'load':
      return { history: startHistory(action.definition), saved: action.definition };
    case 'saved':
      // The server's answer (ids, version) replaces the document, keeping the history's earlier steps undoable.
      return { history: { ...state.history, present: action.definition }, saved: action.definition };
  }
}

/** The designer's document with undo and redo. */
export function useDesignerState(initial: ElsaDefinition) {
  const [state, dispatch] = useReducer(reduce, undefined, () => ({ history: startHistory(initial), saved: initial }));
  return {
    definition: state.history.present,
    dirty: state.history.present !== state.saved,
    canUndo: canUndo(state.history),
    canRedo: canRedo(state.history),
    apply: useCallback((change: (definition: ElsaDefinition) => ElsaDefinition) => dispatch({ kind: 'apply', change }), []),
    undo: useCallback(() => dispatch({ kind: 'undo' }), []),
    redo: useCallback(() => dispatch({ kind: 'redo' }), []),
    load: useCallback((definition: ElsaDefinition) => dispatch({ kind: 'load', definition }), []),
    markSaved: useCallback((definition: ElsaDefinition) => dispatch({ kind: 'saved', definition }), []),
  };
}
