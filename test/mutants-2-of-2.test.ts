import { describeMutants } from './support/mutationSuite';

// Half of the exercises' mutation test; the two halves run side by side.
describeMutants(2, 2);
