// The timeline and network libraries of the kg serve pages, as one script that
// defines window.kgVis. The "peer" builds keep their CSS in separate files, so
// nothing injects <style> elements (the pages' Content-Security-Policy forbids that).
import { DataSet } from "vis-data/peer";
import { Timeline } from "vis-timeline/peer";
import { Network } from "vis-network/peer";

window.kgVis = { DataSet, Timeline, Network };
