import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { adviceFor, type SessionBody, type SessionDetails } from './session.js';

export type Submit = (path: string, body: unknown) => void;

interface FormProps {
  session: SessionDetails;
  submit: Submit;
  pending: boolean;
}

const ROUTES = ['iv', 'subcutaneous', 'intramuscular', 'other'] as const;
const REACTION_KINDS = [
  'infusion_reaction',
  'nausea',
  'headache',
  'fatigue',
  'infusion_site_discomfort',
  'anaphylaxis',
  'other',
] as const;
const REACTION_ACTIONS = ['none', 'slowed', 'paused', 'stopped', 'medication_given'] as const;
const REACTION_OUTCOMES = ['resolved', 'resolving', 'ongoing', 'transferred', 'fatal'] as const;
const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL', 'units', 'IU', 'mmol', 'mEq'] as const;
/** Where the drug may run or still start: the protocol's stop applies here (sessions' DRUG_MAY_RUN). */
const DRUG_MAY_RUN = ['in_chair', 'infusing', 'paused'];

/** Text at AA contrast on white (Mantine's default description grey is too light). */
export const READABLE = {
  description: { color: 'var(--mantine-color-dark-7)' },
  error: { color: 'var(--mantine-color-red-9)' },
} as const;

function StepForm({
  title,
  children,
  onSubmit,
  testId,
}: {
  title: string;
  children: ReactNode;
  onSubmit: () => void;
  testId: string;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title} data-testid={testId}>
      <Title order={4}>{title}</Title>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="sm" mt="sm">
          {children}
        </Stack>
      </form>
    </Paper>
  );
}

function Submit({ label, pending }: { label: string; pending: boolean }) {
  return (
    <Group>
      <Button type="submit" size="lg" loading={pending}>
        {label}
      </Button>
    </Group>
  );
}

export function AccessForm({ submit, pending }: FormProps) {
  const { t } = useI18n();
  const [route, setRoute] = useState<(typeof ROUTES)[number]>('iv');
  const [site, setSite] = useState('');
  const [attempts, setAttempts] = useState<number>(1);
  const [numbing, setNumbing] = useState(false);
  const body: SessionBody<'AccessDto'> = { route, site: site.trim(), attempts, numbingSprayUsed: numbing };
  return (
    <StepForm title={t('chairside.access.title')} testId="form-access" onSubmit={() => submit('access', body)}>
      <SimpleGrid cols={3}>
        <NativeSelect
          size="lg"
          label={t('chairside.route')}
          value={route}
          onChange={(e) => setRoute(e.currentTarget.value as typeof route)}
          data={ROUTES.map((r) => ({ value: r, label: t(`route.${r}` as MessageKey) }))}
        />
        <TextInput
          size="lg"
          label={t('chairside.access.site')}
          required
          maxLength={100}
          value={site}
          onChange={(e) => setSite(e.currentTarget.value)}
        />
        <NumberInput
          size="lg"
          label={t('chairside.access.attempts')}
          min={1}
          max={10}
          allowDecimal={false}
          value={attempts}
          onChange={(v) => setAttempts(typeof v === 'number' ? v : 1)}
        />
      </SimpleGrid>
      <Checkbox
        size="lg"
        label={t('chairside.access.numbing')}
        checked={numbing}
        onChange={(e) => setNumbing(e.currentTarget.checked)}
      />
      <Submit label={t('chairside.access.record')} pending={pending} />
    </StepForm>
  );
}

export function StartForm({ submit, pending }: FormProps) {
  const { t } = useI18n();
  const [rate, setRate] = useState<number | undefined>();
  const body: SessionBody<'StartDto'> = rate !== undefined ? { rateMlPerHour: rate } : {};
  return (
    <StepForm title={t('chairside.start.title')} testId="form-start" onSubmit={() => submit('start', body)}>
      <NumberInput
        size="lg"
        label={t('chairside.rateMlPerHour')}
        description={t('chairside.optional')}
        styles={READABLE}
        min={1}
        max={2000}
        value={rate ?? ''}
        onChange={(v) => setRate(typeof v === 'number' ? v : undefined)}
        maw={320}
      />
      <Submit label={t('chairside.step.start')} pending={pending} />
    </StepForm>
  );
}

/** Pause and stop: a reason in words, kept in the log. */
export function ReasonForm({ kind, submit, pending }: FormProps & { kind: 'pause' | 'stop' }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const body: SessionBody<'ReasonDto'> = { reason: reason.trim() };
  return (
    <StepForm title={t(`chairside.${kind}.title`)} testId={`form-${kind}`} onSubmit={() => submit(kind, body)}>
      <TextInput
        size="lg"
        label={t('chairside.reason')}
        required
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <Submit label={t(`chairside.step.${kind}`)} pending={pending} />
    </StepForm>
  );
}

/** Resume (after a pause) and change of rate: the share of the ordered rate, as the protocol advises. */
export function RateForm({ kind, session, submit, pending }: FormProps & { kind: 'resume' | 'rate' }) {
  const { t } = useI18n();
  // After a grade 1–2 reaction the protocol restarts at half the rate.
  const advised = session.highestReactionGrade > 0 && adviceFor(session.highestReactionGrade) !== 'stop' ? 50 : 100;
  const [percent, setPercent] = useState<number>(kind === 'resume' ? advised : session.ratePercent);
  const body: SessionBody<'RateDto'> = { ratePercent: percent };
  return (
    <StepForm title={t(`chairside.${kind}.title`)} testId={`form-${kind}`} onSubmit={() => submit(kind, body)}>
      <NumberInput
        size="lg"
        label={t('chairside.ratePercent')}
        description={kind === 'resume' && advised === 50 ? t('chairside.resume.advice') : undefined}
        styles={READABLE}
        min={1}
        max={200}
        allowDecimal={false}
        suffix=" %"
        value={percent}
        onChange={(v) => setPercent(typeof v === 'number' ? v : 100)}
        maw={320}
      />
      <Submit label={t(`chairside.step.${kind}`)} pending={pending} />
    </StepForm>
  );
}

/** Discharge: may the patient drive (never advised after a grade 2+ reaction), and what they were told. */
export function DischargeForm({ session, submit, pending }: FormProps) {
  const { t } = useI18n();
  const afterReaction = session.highestReactionGrade >= 2;
  const [drive, setDrive] = useState<'default' | 'yes' | 'no'>(afterReaction ? 'no' : 'default');
  const [instructions, setInstructions] = useState('');
  const body: SessionBody<'DischargeDto'> = {
    ...(drive !== 'default' ? { mayDrive: drive === 'yes' } : {}),
    ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
  };
  return (
    <StepForm title={t('chairside.discharge.title')} testId="form-discharge" onSubmit={() => submit('discharge', body)}>
      <Radio.Group
        label={t('chairside.discharge.mayDrive')}
        description={afterReaction ? t('chairside.discharge.noDriveAdvice', { grade: session.highestReactionGrade }) : undefined}
        styles={READABLE}
        value={drive}
        onChange={(v) => setDrive(v as typeof drive)}
      >
        <Group mt="xs">
          {!afterReaction && <Radio size="lg" value="default" label={t('chairside.discharge.therapyDefault')} />}
          <Radio size="lg" value="yes" label={t('chairside.discharge.yes')} />
          <Radio size="lg" value="no" label={t('chairside.discharge.no')} />
        </Group>
      </Radio.Group>
      <Textarea
        size="lg"
        label={t('chairside.discharge.instructions')}
        maxLength={2000}
        autosize
        minRows={2}
        value={instructions}
        onChange={(e) => setInstructions(e.currentTarget.value)}
      />
      <Submit label={t('chairside.step.discharge')} pending={pending} />
    </StepForm>
  );
}

/** A reaction: what, its CTCAE grade with the protocol's advice, what was done, how it ended. */
export function ReactionForm({ session, submit, pending }: FormProps) {
  const { t } = useI18n();
  const [kind, setKind] = useState<(typeof REACTION_KINDS)[number]>('infusion_reaction');
  const [grade, setGrade] = useState<number>(1);
  const advisedActions = (g: number): string[] => {
    if (adviceFor(g) === 'stop') return DRUG_MAY_RUN.includes(session.status) ? ['stopped'] : ['none'];
    return session.status === 'infusing' ? ['paused'] : ['none'];
  };
  const [actions, setActions] = useState<string[]>(() => advisedActions(1));
  const [outcome, setOutcome] = useState<(typeof REACTION_OUTCOMES)[number]>('resolving');
  const [authorisedBy, setAuthorisedBy] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const advice = adviceFor(grade);
  const needsOverride = advice === 'stop' && DRUG_MAY_RUN.includes(session.status) && !actions.includes('stopped');
  const body: SessionBody<'ReactionWithOverrideDto'> = {
    kind,
    grade,
    actions: (actions.length ? actions : ['none']) as SessionBody<'ReactionWithOverrideDto'>['actions'],
    outcome,
    ...(needsOverride ? { override: { authorisedBy: authorisedBy.trim(), reason: overrideReason.trim() } } : {}),
  };
  return (
    <StepForm title={t('chairside.reaction.title')} testId="form-reaction" onSubmit={() => submit('reactions', body)}>
      <NativeSelect
        size="lg"
        label={t('chairside.reaction.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
        data={REACTION_KINDS.map((k) => ({ value: k, label: t(`reaction.${k}` as MessageKey) }))}
        maw={420}
      />
      <Radio.Group
        label={t('chairside.reaction.grade')}
        value={String(grade)}
        onChange={(v) => {
          setGrade(Number(v));
          setActions(advisedActions(Number(v)));
        }}
      >
        <Group mt="xs">
          {[1, 2, 3, 4, 5].map((g) => (
            <Radio key={g} size="lg" value={String(g)} label={t(`ctcae.${g}` as MessageKey)} />
          ))}
        </Group>
      </Radio.Group>
      <Alert color={advice === 'stop' ? 'red' : 'yellow'} data-testid="protocol-advice" data-advice={advice}>
        <Text c="dark.9" fw={600}>
          {t(advice === 'stop' ? 'chairside.reaction.adviceStop' : 'chairside.reaction.advicePause', { grade })}
        </Text>
      </Alert>
      <Checkbox.Group label={t('chairside.reaction.actions')} value={actions} onChange={setActions}>
        <Group mt="xs">
          {REACTION_ACTIONS.map((a) => (
            <Checkbox key={a} size="lg" value={a} label={t(`reactionAction.${a}` as MessageKey)} />
          ))}
        </Group>
      </Checkbox.Group>
      <NativeSelect
        size="lg"
        label={t('chairside.reaction.outcome')}
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value as typeof outcome)}
        data={REACTION_OUTCOMES.map((o) => ({ value: o, label: t(`reactionOutcome.${o}` as MessageKey) }))}
        maw={320}
      />
      {needsOverride && (
        <SimpleGrid cols={2}>
          <TextInput
            size="lg"
            required
            label={t('chairside.reaction.authorisedBy')}
            value={authorisedBy}
            maxLength={200}
            onChange={(e) => setAuthorisedBy(e.currentTarget.value)}
          />
          <TextInput
            size="lg"
            required
            label={t('chairside.reaction.overrideReason')}
            value={overrideReason}
            maxLength={500}
            onChange={(e) => setOverrideReason(e.currentTarget.value)}
          />
        </SimpleGrid>
      )}
      <Submit label={t('chairside.reaction.record')} pending={pending} />
    </StepForm>
  );
}

/** A medication given at the chair (premedication, rescue): drug, dose, route, lot; given now. */
export function MedicationForm({ submit, pending }: FormProps) {
  const { t } = useI18n();
  const [drug, setDrug] = useState('');
  const [dose, setDose] = useState<number | undefined>();
  const [unit, setUnit] = useState<(typeof DOSE_UNITS)[number]>('mg');
  const [volume, setVolume] = useState<number>(0);
  const [route, setRoute] = useState<(typeof ROUTES)[number]>('iv');
  const [lot, setLot] = useState('');
  return (
    <StepForm
      title={t('chairside.medication.title')}
      testId="form-medication"
      onSubmit={() => {
        const body: SessionBody<'MedicationDto'> = {
          drug: drug.trim(),
          dose: dose ?? 0,
          doseUnit: unit,
          volumeMl: volume,
          route,
          lot: lot.trim(),
          administeredAt: new Date().toISOString(),
        };
        submit('medications', body);
      }}
    >
      <SimpleGrid cols={3}>
        <TextInput
          size="lg"
          required
          label={t('chairside.medication.drug')}
          value={drug}
          onChange={(e) => setDrug(e.currentTarget.value)}
        />
        <NumberInput
          size="lg"
          required
          label={t('chairside.medication.dose')}
          min={0}
          value={dose ?? ''}
          onChange={(v) => setDose(typeof v === 'number' ? v : undefined)}
        />
        <NativeSelect
          size="lg"
          label={t('chairside.medication.unit')}
          value={unit}
          onChange={(e) => setUnit(e.currentTarget.value as typeof unit)}
          data={[...DOSE_UNITS]}
        />
        <NumberInput
          size="lg"
          label={t('chairside.medication.volume')}
          min={0}
          value={volume}
          onChange={(v) => setVolume(typeof v === 'number' ? v : 0)}
        />
        <NativeSelect
          size="lg"
          label={t('chairside.route')}
          value={route}
          onChange={(e) => setRoute(e.currentTarget.value as typeof route)}
          data={ROUTES.map((r) => ({ value: r, label: t(`route.${r}` as MessageKey) }))}
        />
        <TextInput
          size="lg"
          required
          label={t('chairside.medication.lot')}
          value={lot}
          onChange={(e) => setLot(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Submit label={t('chairside.medication.record')} pending={pending} />
    </StepForm>
  );
}
