import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplicationStatus, SupplementMaterialsRequest } from './application';

/** Message definitions are SDK objects with no I/O: safe in workflows and clients alike. */
export const applicationStatusQuery = defineQuery<ApplicationStatus>('status');
export const supplementMaterialsUpdate = defineUpdate<ApplicationStatus, [SupplementMaterialsRequest]>(
  'supplementMaterials',
);
