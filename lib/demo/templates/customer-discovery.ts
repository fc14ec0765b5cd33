/** A discovery interview with customers of an expense management product. */
import type { InterviewTemplate } from '../interview-template';

export const customerDiscovery: InterviewTemplate = {
  id: 'customer_discovery',
  blueprintId: 'bp_expense_customer_discovery',
  blueprintVersion: 2,
  name: 'Expense management customer discovery',
  interviewType: 'discovery',
  organizationName: 'Brightline',
  participantIdPrefix: 'cust',
  themes: ['onboarding friction', 'integrations', 'reporting', 'pricing', 'customer support'],
  questions: [
    {
      key: 'team_context',
      text: 'Could you tell me about your team and how you use Brightline today?',
      objective: 'Understand the account: team size, role of the participant, main use cases.',
      required: true,
      followUps: [
        {
          question: 'Who else on your team uses it, and for what?',
          answers: {
            positive:
              'Everyone in sales submits receipts from their phones, and our two accountants do the approvals. It fits all of us nicely.',
            neutral:
              'The sales team submits expenses and the finance team approves them. A few managers look at the reports.',
            negative:
              'In theory everyone, but half the sales team still emails me paper receipts because they find the app confusing.',
          },
        },
      ],
      answers: {
        positive:
          'I run finance operations at a logistics company with about eighty people. We use Brightline for all expense claims and card spending, and it has honestly saved us hours every month.',
        neutral:
          'I am the finance manager for a company of about eighty people. We use Brightline for expense claims and the company cards.',
        negative:
          'I manage finance for a team of about eighty. We moved to Brightline last year for expenses, but to be honest we still do a lot of the work in spreadsheets.',
      },
    },
    {
      key: 'onboarding',
      text: 'Think back to when you first set it up. How did onboarding go?',
      objective: 'Find friction in the first weeks: setup, import, training.',
      required: false,
      completionHint: 'We know the step that took longest and whether anyone helped.',
      followUps: [
        {
          question: 'Which step took the longest?',
          answers: {
            positive:
              'Connecting our cards took an afternoon, and that was the longest part. Everything else was a few clicks.',
            neutral: 'Setting up the approval rules. We have different limits per department.',
            negative:
              'Importing our chart of accounts. The import kept failing on special characters and nobody could tell us why.',
          },
        },
        {
          question: 'Did anyone from our side help you through it?',
          answers: {
            positive:
              'Yes, our onboarding manager was fantastic. She set up a call every week for the first month.',
            neutral: 'We had one kickoff call and then used the help center articles.',
            negative:
              'Not really. We got a kickoff call and then mostly waited on support tickets.',
          },
        },
      ],
      answers: {
        positive:
          'It went smoothly. We were live within a week, and the onboarding checklist made it easy to get everyone invited.',
        neutral:
          'It took about a month. Some parts were simple, others needed help from our IT person.',
        negative:
          'Onboarding was painful, to be honest. It took almost three months, the setup wizard kept timing out, and we had to redo the approval rules twice.',
      },
    },
    {
      key: 'biggest_pain',
      text: 'What is the most frustrating part of your current workflow?',
      objective: 'Identify the top pain point in their own words.',
      required: true,
      followUps: [
        {
          question: 'How much time does that cost you in a typical month?',
          answers: {
            positive:
              'Not much really, maybe an hour. It is more of an annoyance than a real problem.',
            neutral: 'A few hours at month end, mostly matching transactions by hand.',
            negative:
              'Two full days every month end. My team dreads it, and it is the main reason we are considering other tools.',
          },
        },
      ],
      answers: {
        positive:
          'Honestly there is not much to complain about. If I had to pick something, it would be that receipts from some hotels are not read correctly.',
        neutral:
          'Month end close. We export the data, match it against the bank statements, and fix categories by hand.',
        negative:
          'The sync with our accounting system breaks all the time. Transactions show up twice or not at all, and I spend my evenings fixing the integrations by hand.',
      },
    },
    {
      key: 'integrations',
      text: 'Which other tools do you need it to work with, and how well does that go?',
      objective: 'Map the integrations that matter and their reliability.',
      required: false,
      followUps: [],
      answers: {
        positive:
          'We connect it to our accounting software and our HR system, and both integrations just work. That was a big reason we chose you.',
        neutral:
          'Our accounting system, the HR tool for employee lists, and the corporate cards. Most of it works, with the occasional manual fix.',
        negative:
          'The accounting integration is the weak spot. It drops transactions, and the HR sync does not handle people changing departments at all.',
      },
    },
    {
      key: 'reporting',
      text: 'How do you use the reports and dashboards, if at all?',
      objective: 'Learn whether reporting meets their needs and what they do instead.',
      required: false,
      followUps: [
        {
          question: 'What report do you wish you had?',
          answers: {
            positive:
              'Maybe a budget versus actual view per project. But the current reports already cover most of what I need.',
            neutral: 'Spending per project, broken down by month.',
            negative:
              'Honestly any report I can trust. Right now I rebuild everything in a spreadsheet because the numbers do not match our books.',
          },
        },
      ],
      answers: {
        positive:
          'I love the spending dashboard. I share it with the leadership team every Monday and they actually read it.',
        neutral:
          'I look at the monthly summary report and sometimes filter by department. We export the rest to a spreadsheet.',
        negative:
          'Barely. The reporting is too rigid, I cannot add our own categories, and the export loses the formatting.',
      },
    },
    {
      key: 'pricing_value',
      text: 'How do you feel about the price compared to the value you get?',
      objective: 'Gauge willingness to pay and churn risk.',
      required: true,
      followUps: [],
      answers: {
        positive:
          'It is worth it. The time we save at month end pays for the subscription several times over.',
        neutral:
          'It is in line with the alternatives. Not cheap, not expensive, about what we expected.',
        negative:
          'The pricing feels steep for what we get, especially after the increase this year. If the integrations do not improve, we will probably switch at renewal.',
      },
    },
    {
      key: 'support_experience',
      text: 'Have you contacted our support team? How was that?',
      objective: 'Learn about support quality and response times.',
      required: false,
      followUps: [],
      answers: {
        positive:
          'A few times, and customer support was great every time. Fast answers from people who clearly knew the product.',
        neutral:
          'Once or twice. They answered within a day and solved the problem on the second try.',
        negative:
          'Yes, and it was frustrating. Tickets take days, I get the same canned answer, and nobody follows up.',
      },
    },
    {
      key: 'magic_wand',
      text: 'If you could change one thing about the product tomorrow, what would it be?',
      objective: 'Get the single most wanted change.',
      required: true,
      followUps: [
        {
          question: 'Why that one above everything else?',
          answers: {
            positive:
              'Because everything else already works well for us, so that would make it close to perfect.',
            neutral: 'Because it would save us the most manual work at month end.',
            negative:
              'Because it is the thing that makes us look for alternatives. Everything else we can live with.',
          },
        },
      ],
      answers: {
        positive:
          'Custom report categories. That is really the only thing missing, the rest of the product is great.',
        neutral: 'Better reporting, so I could build my own views without exporting.',
        negative:
          'A reliable accounting integration. Without that, nothing else matters much to us.',
      },
    },
  ],
};
