/**
 * Every PostgreSQL advisory-lock key Brygga takes, in one table so that two features can never
 * share a key by accident (the template lock and the chain sealer once both used 7261004 and
 * blocked each other). The bench harness uses 7261099 for its own experiment.
 */
export const ADVISORY_LOCKS = {
  /** One node migrates at a time. */
  migrations: 7_261_001,
  /** One node loads the demo directory. */
  demoSeed: 7_261_002,
  /**
   * Writers of the access log still take it shared (the insert trigger), for sealers of the release
   * before, which took it exclusively to find their horizon; no sealer takes it now (migration
   * 1796040000000: the horizon comes from transaction ids). Goes when that release is gone.
   */
  auditChain: 7_261_003,
  /** One sealer at a time across nodes. */
  auditSealer: 7_261_004,
  /** One node writes a signed checkpoint at a time (it was 7261005, the template lock's key, until issue 28). */
  auditCheckpoint: 7_261_007,
  /** Serialises new template versions. */
  checklistTemplates: 7_261_005,
  /** One node raises deadline warnings (Bevakning) at a time. */
  bevakning: 7_261_013,
  /** One node sweeps orphaned attachment bytes at a time. */
  attachmentSweep: 7_261_006,
} as const;
