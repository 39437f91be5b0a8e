import { describeEventStoreContract } from '../contract/event-store-contract';
import { inMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in-memory', () => inMemoryEventStore());
