import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as workflows from '../workflows';
import { WORKFLOW_TYPES, type WorkflowType } from './workflow-types';

describe('workflow types', () => {
  it('name every workflow the worker registers, each after its function', () => {
    expectTypeOf<WorkflowType>().toEqualTypeOf<keyof typeof workflows>();
    for (const [key, type] of Object.entries(WORKFLOW_TYPES)) expect(type).toBe(key);
  });
});
