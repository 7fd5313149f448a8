import type { EngineData } from '../client/createEngine';
import type { StepData } from '../client/StepController';
import type { ExerciseData } from '../exercises/ExerciseView';
import type { ScaleDemoData } from '../scale/ScaleDemoView';
import type { VersionsData } from '../versions/VersionPanels';

/** What a lesson page carries for its runtime, as JSON in the page, written at build time. */
export interface LessonData {
  lesson: string;
  steps: StepData[];
  exercises: ExerciseData[];
  engine: EngineData;
  versions?: VersionsData;
  scaleDemo?: ScaleDemoData;
  /** The service worker's URL, registered once the lesson is ready. */
  serviceWorker: string;
}
