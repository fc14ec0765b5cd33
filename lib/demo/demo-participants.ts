/**
 * Fictional interviewees: realistic names, emails on the reserved example domains and phone numbers
 * in the 555-01xx range set aside for fiction, so nothing here can reach a real person.
 */
import { participantVoices, type SpeechVoice, type VoiceGender } from './demo-voices';
import type { SeededRandom } from './seeded-random';

export interface DemoParticipant {
  externalId: string;
  name: string;
  firstName: string;
  email: string;
  /** As the platform stores it: "+1 415 555 0192". */
  phone: string;
  gender: VoiceGender;
  voice: SpeechVoice;
}

const firstNames: Record<VoiceGender, readonly string[]> = {
  female: [
    'Maria',
    'Priya',
    'Aisha',
    'Emily',
    'Sofia',
    'Hannah',
    'Mei',
    'Olivia',
    'Fatima',
    'Claire',
  ],
  male: [
    'James',
    'Daniel',
    'Omar',
    'Lucas',
    'Rahul',
    'Thomas',
    'Kenji',
    'Marcus',
    'David',
    'Samuel',
  ],
};

const lastNames = [
  'Garcia',
  'Patel',
  'Okafor',
  'Chen',
  'Nguyen',
  'Novak',
  'Schmidt',
  'Rossi',
  'Kowalski',
  'Johnson',
  'Silva',
  'Murphy',
  'Haddad',
  'Tanaka',
  'Andersson',
  'Brennan',
];

const areaCodes = ['415', '212', '312', '617', '206', '512', '303', '404'];
const emailDomains = ['example.com', 'example.org', 'example.net'];

function emailFor(first: string, last: string, random: SeededRandom): string {
  const [f, l] = [first.toLowerCase(), last.toLowerCase()];
  const local = random.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`]);
  return `${local}@${random.pick(emailDomains)}`;
}

/**
 * One participant per id prefix, with distinct names and external ids. The planner caps the number
 * of runs well below the number of name combinations, so picking again until unused terminates.
 */
export function planParticipants(random: SeededRandom, idPrefixes: string[]): DemoParticipant[] {
  const used = new Set<string>();
  return idPrefixes.map((prefix, index) => {
    const gender = random.pick<VoiceGender>(['female', 'male']);
    let [first, last] = [random.pick(firstNames[gender]), random.pick(lastNames)];
    while (used.has(`${first} ${last}`)) {
      [first, last] = [random.pick(firstNames[gender]), random.pick(lastNames)];
    }
    used.add(`${first} ${last}`);
    const voice = random.pick(participantVoices[gender]);
    return {
      // A fixed-width random part and the run number: unique, and reads like a platform id.
      externalId: `${prefix}_${random.int(0x10000, 0xfffff).toString(16)}${index + 1}`,
      name: `${first} ${last}`,
      firstName: first,
      email: emailFor(first, last, random),
      phone: `+1 ${random.pick(areaCodes)} 555 01${random.int(0, 99).toString().padStart(2, '0')}`,
      gender,
      voice: { ...voice, speedWpm: random.int(150, 175) },
    };
  });
}
