// Rising-edge detection per key, so a condition that stays true is reported once and not at every check.

interface Edge {
  isActive: boolean;
  firedAt?: number;
  quietMs: number;
}

export class EdgeGuard {
  private readonly edges = new Map<string, Edge>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Records `key`'s condition; true when it has just become true and `key` last fired at least `quietMs` ago. A
   * condition that returns within the quiet period is not reported until it clears and returns again after it.
   */
  update(key: string, isActive: boolean, quietMs = 0): boolean {
    const edge = this.edges.get(key);
    const now = this.now();
    if (!isActive) {
      // Only keys still inside a quiet period are kept, so the map holds what is true or recently fired.
      if (edge && (edge.firedAt === undefined || now - edge.firedAt >= edge.quietMs)) this.edges.delete(key);
      else if (edge) edge.isActive = false;
      return false;
    }
    if (edge?.isActive) return false;
    const isQuiet = edge?.firedAt !== undefined && now - edge.firedAt < quietMs;
    this.edges.set(key, { isActive: true, firedAt: isQuiet ? edge?.firedAt : now, quietMs });
    return !isQuiet;
  }
}
