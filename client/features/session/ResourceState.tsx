/** What a data panel shows before its content: the error with a retry, "loading", or its empty message. */
import { commonText, type Lang } from '../i18n/i18n';
import type { Resource } from './useApiGet';

export function ResourceState<T>({ resource, lang, empty, emptyText }: { resource: Resource<T>; lang: Lang; empty: boolean; emptyText: string }) {
  const { data, error } = resource;
  if (error) {
    return (
      <div className="notice notice--error" role="alert">
        <p>{error}</p>
        <button type="button" className="button button--small button--quiet" onClick={resource.reload}>
          {commonText(lang).retry}
        </button>
      </div>
    );
  }
  if (!data) return <p className="muted">{commonText(lang).loading}</p>;
  return empty ? <p className="muted">{emptyText}</p> : null;
}
