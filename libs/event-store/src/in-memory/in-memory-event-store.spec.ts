import { describeEventStoreContract } from '../__tests__/event-store-contract';
import { inMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in-memory', () => inMemoryEventStore());
