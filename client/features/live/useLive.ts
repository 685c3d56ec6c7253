/** The live data for a screen: latest value per series and the connection state, re-rendered at most once a frame. */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Subscription } from '../../../shared/live';
import { seriesKey, type PointV1 } from '../../../shared/observations';
import { LiveConnection, type LiveView } from './liveConnection';

export type { ConnectionState, LiveView } from './liveConnection';

const EVERYTHING: Subscription[] = [{ kind: 'all' }];
const RELOADED_FOR = 'cityops:reloaded-for-build';

/**
 * A wall display left running picks up a deployment by itself. If the server keeps announcing a build we
 * already reloaded for (a stale cache, a misconfigured BUILD_ID), reloading again would loop forever.
 */
function reloadForBuild(serverBuild: string): void {
  try {
    if (sessionStorage.getItem(RELOADED_FOR) === serverBuild) return;
    sessionStorage.setItem(RELOADED_FOR, serverBuild);
  } catch {
    // Storage can be disabled; one reload per page load is still bounded by the server's build changing.
  }
  location.reload();
}

export function useLive(subscriptions: Subscription[] = EVERYTHING): LiveView {
  // Callers usually pass a fresh array literal; only its content should reconnect.
  const key = JSON.stringify(subscriptions);
  const connection = useMemo(
    () => new LiveConnection({ subscriptions: JSON.parse(key) as Subscription[], build: __CITYOPS_BUILD__, onNewBuild: reloadForBuild }),
    [key],
  );
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return useSyncExternalStore(connection.subscribe, connection.getView);
}

export function latest(points: ReadonlyMap<string, PointV1>, indicator: string, area: string): PointV1 | undefined {
  return points.get(seriesKey({ indicator, area }));
}
