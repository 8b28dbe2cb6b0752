/**
 * The types of every object paws emits, taken from the upstream schemas (kubernetes-models), so that
 * `tsc` rejects a misspelt field. Type-only imports: nothing here loads at run time.
 */
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ClusterSecretStore';
import type { IExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret';
import type { IPassword } from '@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1/Password';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';

/** external-secrets.io/v1 is what ESO serves now; its schema equals v1beta1's, which is what the models ship. */
type V1<T extends { apiVersion: string }> = Omit<T, 'apiVersion'> & { apiVersion: 'external-secrets.io/v1' };

export type ExternalSecret = V1<IExternalSecret>;
export type ClusterSecretStore = V1<IClusterSecretStore>;
export type PasswordGenerator = IPassword;
export type Deployment = IDeployment;
export type StatefulSet = IStatefulSet;
export type Job = IJob;
export type CronJob = ICronJob;
export type HorizontalPodAutoscaler = IHorizontalPodAutoscaler;
export type PersistentVolumeClaim = IPersistentVolumeClaim;
export type ConfigMap = IConfigMap;
export type Namespace = INamespace;
export type Service = IService;
export type ServiceAccount = IServiceAccount;
export type PodDisruptionBudget = IPodDisruptionBudget;
export type Role = IRole;
export type RoleBinding = IRoleBinding;
export type Application = IApplication;
export type AppProject = IAppProject;

export type EnvVar = NonNullable<
  NonNullable<NonNullable<Deployment['spec']>['template']['spec']>['containers'][number]['env']
>[number];
export type PodSpec = NonNullable<NonNullable<Deployment['spec']>['template']['spec']>;
export type Container = PodSpec['containers'][number];
export type Volume = NonNullable<
  NonNullable<NonNullable<Deployment['spec']>['template']['spec']>['volumes']
>[number];
export type VolumeMount = NonNullable<Container['volumeMounts']>[number];
export type ExternalSecretData = NonNullable<NonNullable<ExternalSecret['spec']>['data']>[number];

/** Any object paws writes as a Kubernetes manifest. */
export type EmittedObject =
  | ExternalSecret
  | ClusterSecretStore
  | PasswordGenerator
  | Deployment
  | StatefulSet
  | Job
  | CronJob
  | HorizontalPodAutoscaler
  | ConfigMap
  | Namespace
  | Service
  | ServiceAccount
  | PodDisruptionBudget
  | Role
  | RoleBinding
  | Application
  | AppProject;
