import { Mutation } from './mutation';
import { Query } from './query';
import { Cursor, DateTime } from './scalars';
import { Subscription } from './subscription';
import { Notification, Tenant } from './types';

export const resolvers = { DateTime, Cursor, Query, Mutation, Subscription, Tenant, Notification };
