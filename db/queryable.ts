import type pg from 'pg';

/** A pool or a client inside a transaction: query functions accept either. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
