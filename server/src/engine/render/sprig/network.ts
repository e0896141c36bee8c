/**
 * Sprig's getHostByName (network.go). `helm template` never resolves: unless --enable-dns is given, Helm's engine
 * (pkg/engine/engine.go, all pinned versions) replaces it with a function returning "". The renderer has no DNS,
 * so that is the behaviour here.
 */
import { FuncTable } from '../goValue';

export const sprigNetwork: FuncTable = {
  getHostByName: { params: ['string'], call: () => '' },
};
